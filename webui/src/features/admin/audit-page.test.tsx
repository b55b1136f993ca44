import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { installFakeWebSockets } from '../../test/fake-websocket';
import { json, renderRoute, stubFetch, testUser } from '../../test/render';

installFakeWebSockets();

const entries = [
  {
    id: 1,
    at: '2026-01-01T10:00:00Z',
    principal: 'bob',
    action: 'auth.login',
    target: 'bob',
    address: '10.0.0.2',
    outcome: 'denied',
  },
  {
    id: 2,
    at: '2026-01-01T10:01:00Z',
    principal: 'root',
    action: 'key.create',
    target: 'k1',
    address: '10.0.0.1',
    outcome: 'success',
  },
];

describe('Audit page', () => {
  it('lists entries and filters by action and user (in the URL)', async () => {
    const calls = stubFetch({
      'GET /api/audit': (url) => {
        const q = new URL(url, 'http://x').searchParams;
        const items = entries
          .filter((e) => !q.get('action') || e.action === q.get('action'))
          .filter((e) => !q.get('principal') || e.principal === q.get('principal'));
        return json(200, { items, page: 0, size: 50, total: items.length });
      },
    });
    const router = renderRoute('/audit', { user: testUser('admin', 'root') });
    await waitFor(() => expect(screen.getAllByTestId('audit-row')).toHaveLength(2));
    expect(calls[0].url).toBe('/api/audit?page=0&size=50');
    expect(screen.getAllByTestId('audit-row')[0]).toHaveTextContent('10.0.0.2');

    fireEvent.change(screen.getByTestId('audit-filter-action'), {
      target: { value: 'key.create' },
    });
    await waitFor(() =>
      expect(calls.at(-1)?.url).toBe('/api/audit?page=0&size=50&action=key.create'),
    );
    await waitFor(() => expect(screen.getAllByTestId('audit-row')).toHaveLength(1));
    expect(router.state.location.search).toBe('?action=key.create');

    fireEvent.change(screen.getByTestId('audit-filter-principal'), { target: { value: 'bob' } });
    await waitFor(() =>
      expect(screen.getByTestId('audit-empty')).toHaveTextContent(
        'No entry matches these filters.',
      ),
    );
    expect(calls.at(-1)?.url).toBe('/api/audit?page=0&size=50&action=key.create&principal=bob');
  });

  it('shows a 403 as missing permission', async () => {
    stubFetch({ 'GET /api/audit': () => json(403, { status: 403, title: 'Forbidden' }) });
    renderRoute('/audit', { user: testUser('admin', 'root') });
    expect(await screen.findByTestId('audit-error')).toHaveTextContent(
      'You do not have permission to read the audit log.',
    );
  });
});
