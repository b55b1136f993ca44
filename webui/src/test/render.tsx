import { render, waitFor } from '@testing-library/react';
import { RouterProvider, createMemoryRouter } from 'react-router';
import { vi } from 'vitest';
import { routes } from '../app/router';
import type { Principal } from '../features/auth/auth-api';
import { setSignedIn } from '../features/auth/auth-store';
import { FakeWebSocket } from './fake-websocket';

export const TEST_CSRF_TOKEN = 'csrf-test-token';

/** A signed-in user for tests (admin unless a test says otherwise). */
export function testUser(role: Principal['role'] = 'admin', name = 'alice'): Principal {
  return { name, role, via: 'session', csrfToken: TEST_CSRF_TOKEN };
}

export interface RenderRouteOptions {
  /** Signed in as this user before rendering; null: nobody signed in (the guard asks /me). */
  user?: Principal | null;
}

/**
 * Renders the app's routes at `path`, signed in as an admin unless `options.user` says
 * otherwise; returns the router to inspect navigation.
 */
export function renderRoute(path: string, options: RenderRouteOptions = {}) {
  const user = options.user === undefined ? testUser() : options.user;
  if (user) setSignedIn(user);
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

export interface FetchCall {
  method: string;
  url: string;
  body?: unknown;
}

/** The request headers of a fetch call, as a plain lower-cased record. */
export function headersOf(init?: RequestInit): Record<string, string> {
  return Object.fromEntries(
    Object.entries((init?.headers as Record<string, string> | undefined) ?? {}).map(([k, v]) => [
      k.toLowerCase(),
      v,
    ]),
  );
}

/** Stubs fetch with a router of handlers keyed by "METHOD path-prefix"; unknown calls 404. */
export function stubFetch(handlers: Record<string, Handler>) {
  const calls: FetchCall[] = [];
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
