import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { installFakeWebSockets } from '../../test/fake-websocket';
import { headersOf, json, renderRoute, socketFor, stubFetch } from '../../test/render';

installFakeWebSockets();

const unauthorized = () => json(401, { status: 401, title: 'Unauthorized' });
const me =
  (role = 'operator') =>
  () =>
    json(200, { name: 'bob', role, via: 'session', csrfToken: 'tok-me' });

describe('Route guard', () => {
  it('sends a signed-out visitor to /login, remembering the page', async () => {
    stubFetch({ 'GET /api/auth/me': unauthorized, 'GET /api/auth/config': unauthorized });
    const router = renderRoute('/streams?status=error', { user: null });
    expect(screen.getByTestId('auth-checking')).toHaveTextContent('Checking sign-in…');
    await waitFor(() => expect(router.state.location.pathname).toBe('/login'));
    expect(router.state.location.search).toBe('?next=%2Fstreams%3Fstatus%3Derror');
    expect(await screen.findByTestId('login-page')).toBeInTheDocument();
    expect(screen.queryByTestId('connection-status')).toBeNull();
  });

  it('lets a user with a session in, and uses the CSRF token from /me', async () => {
    const calls = stubFetch({
      'GET /api/auth/me': me(),
      'GET /api/goals/g1': () =>
        json(200, { id: 'g1', title: 'T', description: 'D', status: 'running', owner: 'bob' }),
      'POST /api/goals/g1/cancel': () =>
        json(202, { id: 'g1', title: 'T', description: 'D', status: 'cancelled', owner: 'bob' }),
    });
    renderRoute('/goals/g1', { user: null });
    expect(await screen.findByTestId('goal-owner')).toHaveTextContent('by bob');
    fireEvent.click(screen.getByTestId('goal-cancel'));
    await waitFor(() =>
      expect(screen.getByTestId('goal-status')).toHaveAttribute('data-status', 'cancelled'),
    );
    const cancel = vi.mocked(fetch).mock.calls.find(([url]) => url === '/api/goals/g1/cancel');
    expect(headersOf(cancel?.[1])['x-csrf-token']).toBe('tok-me');
    expect(calls.filter((c) => c.url === '/api/auth/me')).toHaveLength(1);
  });

  it('goes to /login?next= when an API call answers 401 (session ended)', async () => {
    stubFetch({ 'GET /api/goals/g1': unauthorized, 'GET /api/auth/config': unauthorized });
    const router = renderRoute('/goals/g1');
    await waitFor(() => expect(router.state.location.pathname).toBe('/login'));
    expect(router.state.location.search).toBe('?next=%2Fgoals%2Fg1');
    expect(await screen.findByTestId('login-notice')).toHaveTextContent('Your session has ended.');
  });

  it('re-checks the session when a socket is closed with 1008, and goes to /login on 401', async () => {
    const calls = stubFetch({ 'GET /api/auth/me': unauthorized });
    const router = renderRoute('/streams');
    const ws = await socketFor('/ws/streams');
    act(() => ws.open());
    act(() => ws.drop(1008));
    await waitFor(() => expect(router.state.location.pathname).toBe('/login'));
    expect(router.state.location.search).toBe('?next=%2Fstreams');
    expect(calls.filter((c) => c.url === '/api/auth/me')).toHaveLength(1);
  });

  it('offers to try again when the server cannot be reached', async () => {
    let up = false;
    stubFetch({
      'GET /api/auth/me': () =>
        up ? me('viewer')() : json(503, { status: 503, detail: 'Service unavailable' }),
    });
    renderRoute('/providers', { user: null });
    expect(await screen.findByTestId('auth-check-error')).toHaveTextContent('Service unavailable');
    up = true;
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByTestId('user-name')).toHaveTextContent('bob');
  });
});
