import { render, waitFor } from '@testing-library/react';
import { RouterProvider, createMemoryRouter } from 'react-router';
import { vi } from 'vitest';
import { routes } from '../app/router';
import { FakeWebSocket } from './fake-websocket';

/** Renders the app's routes at `path`; returns the router to inspect navigation. */
export function renderRoute(path: string) {
  const router = createMemoryRouter(routes, { initialEntries: [path] });
  render(<RouterProvider router={router} />);
  return router;
}

export function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json' },
  });
}

export type Handler = (url: string, init?: RequestInit) => Response | Promise<Response>;

/** Stubs fetch with a router of handlers keyed by "METHOD path-prefix"; unknown calls 404. */
export function stubFetch(handlers: Record<string, Handler>) {
  const calls: Array<{ method: string; url: string; body?: unknown }> = [];
  const fetchMock = vi.fn(async (url: string, init?: RequestInit) => {
    const method = init?.method ?? 'GET';
    calls.push({
      method,
      url,
      body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined,
    });
    const key = Object.keys(handlers)
      .filter((k) => {
        const [m, prefix] = k.split(' ');
        return m === method && url.startsWith(prefix);
      })
      .sort((a, b) => b.length - a.length)[0];
    return key ? handlers[key](url, init) : json(404, { title: 'Not Found', status: 404 });
  });
  vi.stubGlobal('fetch', fetchMock);
  return calls;
}

export function socketFor(path: string): Promise<FakeWebSocket> {
  return waitFor(() => {
    const ws = FakeWebSocket.find(path);
    if (!ws) throw new Error(`no socket for ${path}`);
    return ws;
  });
}
