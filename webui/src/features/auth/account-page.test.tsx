import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { installFakeWebSockets } from '../../test/fake-websocket';
import { json, renderRoute, stubFetch, testUser } from '../../test/render';

installFakeWebSockets();

function fill(field: string, value: string) {
  fireEvent.change(screen.getByTestId(`password-${field}`), { target: { value } });
}

describe('Account page', () => {
  it('shows who is signed in and changes the password', async () => {
    const calls = stubFetch({
      'POST /api/auth/password': () => new Response(null, { status: 204 }),
    });
    renderRoute('/account', { user: testUser('operator', 'alice') });
    expect(screen.getByTestId('account-name')).toHaveTextContent('alice');
    expect(screen.getByTestId('account-role')).toHaveTextContent('operator');
    fill('currentPassword', 'old password 1');
    fill('newPassword', 'new password 12');
    fill('confirm', 'new password 12');
    fireEvent.click(screen.getByTestId('password-submit'));
    expect(await screen.findByTestId('password-saved')).toHaveTextContent(
      'Your password was changed.',
    );
    expect(calls[0]).toEqual({
      method: 'POST',
      url: '/api/auth/password',
      body: { newPassword: 'new password 12', currentPassword: 'old password 1' },
    });
    expect(screen.getByTestId('password-newPassword')).toHaveValue('');
  });

  it('first start: asks for the first password without a current one', async () => {
    const calls = stubFetch({
      'POST /api/auth/password': () => new Response(null, { status: 204 }),
    });
    const router = renderRoute('/account?firstStart=1', { user: testUser('admin', 'admin') });
    expect(screen.getByTestId('first-start-note')).toHaveTextContent('cannot be used again');
    expect(screen.queryByTestId('password-currentPassword')).toBeNull();
    fill('newPassword', 'short');
    fill('confirm', 'short');
    fireEvent.click(screen.getByTestId('password-submit'));
    expect(screen.getByTestId('field-error-newPassword')).toHaveTextContent('at least 12');
    expect(calls).toHaveLength(0);

    fill('newPassword', 'a much longer password');
    fill('confirm', 'a much longer password');
    fireEvent.click(screen.getByTestId('password-submit'));
    expect(await screen.findByTestId('password-saved')).toHaveTextContent('Your password is set');
    expect(calls[0].body).toEqual({ newPassword: 'a much longer password' });
    await waitFor(() => expect(router.state.location.search).toBe(''));
  });

  it('shows the API validation messages next to the fields', async () => {
    stubFetch({
      'POST /api/auth/password': () =>
        json(422, {
          status: 422,
          title: 'Unprocessable Content',
          detail: 'The password is not acceptable.',
          errors: [{ field: 'newPassword', message: 'must contain at least 12 characters' }],
        }),
    });
    renderRoute('/account', { user: testUser('operator', 'alice') });
    fill('currentPassword', 'old password 1');
    fill('newPassword', 'new password 12');
    fill('confirm', 'new password 12');
    fireEvent.click(screen.getByTestId('password-submit'));
    expect(await screen.findByTestId('field-error-newPassword')).toHaveTextContent(
      'must contain at least 12 characters',
    );
  });

  it('a wrong current password (401) keeps the user signed in and says so', async () => {
    stubFetch({
      'POST /api/auth/password': () =>
        json(401, { status: 401, detail: 'The current password is wrong.' }),
      'GET /api/auth/me': () =>
        json(200, { name: 'alice', role: 'operator', via: 'session', csrfToken: 't' }),
    });
    const router = renderRoute('/account', { user: testUser('operator', 'alice') });
    fill('currentPassword', 'not it at all');
    fill('newPassword', 'new password 12');
    fill('confirm', 'new password 12');
    fireEvent.click(screen.getByTestId('password-submit'));
    expect(await screen.findByTestId('password-error')).toHaveTextContent(
      'The current password is wrong.',
    );
    expect(router.state.location.pathname).toBe('/account');
  });
});
