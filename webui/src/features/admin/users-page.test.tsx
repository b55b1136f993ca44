import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { installFakeWebSockets } from '../../test/fake-websocket';
import { json, renderRoute, stubFetch, testUser } from '../../test/render';
import type { User } from './admin-api';

installFakeWebSockets();

function serveUsers() {
  let users: User[] = [
    { username: 'root', role: 'admin', createdAt: '2026-01-01T00:00:00Z', hasPassword: true },
    { username: 'bob', role: 'viewer', createdAt: '2026-01-02T00:00:00Z', hasPassword: true },
  ];
  const calls = stubFetch({
    'GET /api/users': () => json(200, { items: users }),
    'POST /api/users': (_url, init) => {
      const body = JSON.parse(init?.body as string) as User;
      users = [...users, { username: body.username, role: body.role, hasPassword: true }];
      return json(201, users.at(-1));
    },
    'PUT /api/users/bob': (_url, init) => {
      const body = JSON.parse(init?.body as string) as Partial<User>;
      users = users.map((u) => (u.username === 'bob' ? { ...u, ...body, password: undefined } : u));
      return json(200, users[1]);
    },
    'DELETE /api/users/bob': () => {
      users = users.filter((u) => u.username !== 'bob');
      return new Response(null, { status: 204 });
    },
  });
  return calls;
}

const row = (username: string) =>
  screen.getAllByTestId('user-row').find((r) => r.getAttribute('data-username') === username)!;

describe('Users page', () => {
  it('lists users; the own row cannot be deleted or demoted', async () => {
    serveUsers();
    renderRoute('/users', { user: testUser('admin', 'root') });
    await waitFor(() => expect(screen.getAllByTestId('user-row')).toHaveLength(2));
    expect(row('root')).toHaveTextContent('(you)');
    expect(within(row('root')).getByTestId('user-delete')).toBeDisabled();
    expect(within(row('root')).getByTestId('user-role-select')).toBeDisabled();
    expect(within(row('bob')).getByTestId('user-delete')).toBeEnabled();
  });

  it('adds a user (checking the password first)', async () => {
    const calls = serveUsers();
    renderRoute('/users', { user: testUser('admin', 'root') });
    fireEvent.change(screen.getByTestId('user-add-username'), { target: { value: 'carol' } });
    fireEvent.change(screen.getByTestId('user-add-password'), { target: { value: 'short' } });
    fireEvent.click(screen.getByTestId('user-add-submit'));
    expect(screen.getByTestId('field-error-password')).toHaveTextContent('at least 12');
    fireEvent.change(screen.getByTestId('user-add-password'), {
      target: { value: 'carol password 1' },
    });
    fireEvent.change(screen.getByTestId('user-add-role'), { target: { value: 'operator' } });
    fireEvent.click(screen.getByTestId('user-add-submit'));
    expect(await screen.findByTestId('users-notice')).toHaveTextContent('carol was added.');
    await waitFor(() => expect(screen.getAllByTestId('user-row')).toHaveLength(3));
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({
      username: 'carol',
      password: 'carol password 1',
      role: 'operator',
    });
  });

  it('changes a role, resets a password and deletes after confirmation', async () => {
    const calls = serveUsers();
    renderRoute('/users', { user: testUser('admin', 'root') });
    await waitFor(() => expect(screen.getAllByTestId('user-row')).toHaveLength(2));

    fireEvent.change(within(row('bob')).getByTestId('user-role-select'), {
      target: { value: 'operator' },
    });
    expect(await screen.findByTestId('users-notice')).toHaveTextContent('bob is now operator.');
    await waitFor(() =>
      expect(within(row('bob')).getByTestId('user-role-select')).toHaveValue('operator'),
    );

    fireEvent.click(within(row('bob')).getByTestId('user-reset-password'));
    fireEvent.change(within(row('bob')).getByTestId('user-new-password'), {
      target: { value: 'bob new password' },
    });
    fireEvent.click(within(row('bob')).getByTestId('user-password-save'));
    await waitFor(() =>
      expect(screen.getByTestId('users-notice')).toHaveTextContent(
        'The password of bob was reset.',
      ),
    );

    fireEvent.click(within(row('bob')).getByTestId('user-delete'));
    fireEvent.click(within(row('bob')).getByTestId('user-delete-confirm'));
    await waitFor(() => expect(screen.getAllByTestId('user-row')).toHaveLength(1));
    expect(calls.filter((c) => c.method !== 'GET')).toEqual([
      { method: 'PUT', url: '/api/users/bob', body: { role: 'operator' } },
      { method: 'PUT', url: '/api/users/bob', body: { password: 'bob new password' } },
      { method: 'DELETE', url: '/api/users/bob', body: undefined },
    ]);
  });
});
