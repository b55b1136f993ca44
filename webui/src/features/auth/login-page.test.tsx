import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { installFakeWebSockets } from '../../test/fake-websocket';
import { headersOf, json, renderRoute, stubFetch, testUser } from '../../test/render';

installFakeWebSockets();

afterEach(() => {
  vi.useRealTimers();
});

const signedOut = () => json(401, { status: 401, title: 'Unauthorized' });
const config =
  (oidc = false) =>
  () =>
    json(200, { localLogin: true, oidc: { enabled: oidc, loginUrl: '/api/auth/oidc/login' } });

function signIn(username: string, password: string) {
  fireEvent.change(screen.getByTestId('login-username'), { target: { value: username } });
  fireEvent.change(screen.getByTestId('login-password'), { target: { value: password } });
  fireEvent.click(screen.getByTestId('login-submit'));
}

describe('Login page', () => {
  it('says so when the password is wrong (401), without leaving the page', async () => {
    const calls = stubFetch({
      'GET /api/auth/me': signedOut,
      'GET /api/auth/config': config(),
      'POST /api/auth/login': () =>
        json(401, { status: 401, title: 'Unauthorized', detail: 'Invalid username or password.' }),
    });
    const router = renderRoute('/login?next=%2Fstreams', { user: null });
    await waitFor(() => expect(calls.some((c) => c.url === '/api/auth/me')).toBe(true));
    signIn('alice', 'wrong password');
    expect(await screen.findByTestId('login-error')).toHaveTextContent(
      'Invalid username or password.',
    );
    expect(router.state.location.pathname).toBe('/login');
    expect(screen.getByTestId('login-password')).toHaveValue('');
    expect(screen.getByTestId('login-username')).toHaveValue('alice');
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({
      username: 'alice',
      password: 'wrong password',
    });
  });

  it('tells a throttled user how long to wait (429 + Retry-After) and holds the button', async () => {
    stubFetch({
      'GET /api/auth/me': signedOut,
      'GET /api/auth/config': config(),
      'POST /api/auth/login': () =>
        new Response(JSON.stringify({ status: 429, title: 'Too Many Requests' }), {
          status: 429,
          headers: { 'Content-Type': 'application/problem+json', 'Retry-After': '30' },
        }),
    });
    renderRoute('/login', { user: null });
    signIn('alice', 'whatever');
    expect(await screen.findByTestId('login-error')).toHaveTextContent(
      'Too many sign-in attempts. Try again in 30 seconds.',
    );
    expect(screen.getByTestId('login-submit')).toBeDisabled();
  });

  it('signs in, keeps the CSRF token for later calls, and goes back to ?next=', async () => {
    const calls = stubFetch({
      'GET /api/auth/me': signedOut,
      'GET /api/auth/config': config(),
      'POST /api/auth/login': () =>
        json(200, { name: 'alice', role: 'operator', via: 'session', csrfToken: 'tok-9' }),
      'POST /api/auth/logout': () => new Response(null, { status: 204 }),
    });
    const router = renderRoute('/login?next=%2Fstreams%3Fstatus%3Derror', { user: null });
    signIn(' alice ', 'correct horse battery');
    await waitFor(() => expect(router.state.location.pathname).toBe('/streams'));
    expect(router.state.location.search).toBe('?status=error');
    expect(await screen.findByTestId('user-name')).toHaveTextContent('alice');
    expect(screen.getByTestId('user-role')).toHaveTextContent('operator');

    // The token from the login answer goes with unsafe calls (here: Sign out).
    const fetchMock = vi.mocked(fetch);
    fireEvent.click(screen.getByTestId('sign-out'));
    await waitFor(() => expect(router.state.location.pathname).toBe('/login'));
    const logout = fetchMock.mock.calls.find(([url]) => url === '/api/auth/logout');
    expect(headersOf(logout?.[1])['x-csrf-token']).toBe('tok-9');
    expect(router.state.location.search).toBe('');
    expect(calls.some((c) => c.url === '/api/auth/logout')).toBe(true);
  });

  it('explains a used first-start link and offers single sign-on when enabled', async () => {
    stubFetch({ 'GET /api/auth/me': signedOut, 'GET /api/auth/config': config(true) });
    renderRoute('/login?error=link&next=%2Fkeys', { user: null });
    expect(screen.getByTestId('login-notice')).toHaveTextContent(
      'This sign-in link is invalid or was already used.',
    );
    expect(await screen.findByTestId('login-sso')).toHaveAttribute(
      'href',
      '/api/auth/oidc/login?next=%2Fkeys',
    );
    expect(screen.getByTestId('login-sso')).toHaveTextContent('Sign in with single sign-on');
  });

  it('has no single sign-on button when it is not enabled', async () => {
    const calls = stubFetch({ 'GET /api/auth/me': signedOut, 'GET /api/auth/config': config() });
    renderRoute('/login', { user: null });
    await waitFor(() => expect(calls.some((c) => c.url === '/api/auth/config')).toBe(true));
    await act(async () => {});
    expect(screen.queryByTestId('login-sso')).toBeNull();
  });

  it('sends someone already signed in straight on', async () => {
    stubFetch({ 'GET /api/auth/config': config() });
    const router = renderRoute('/login?next=%2Fproviders', { user: testUser('viewer') });
    await waitFor(() => expect(router.state.location.pathname).toBe('/providers'));
  });
});
