import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { installFakeWebSockets } from '../../test/fake-websocket';
import { json, renderRoute, stubFetch } from '../../test/render';

installFakeWebSockets();

const goal = (id: string, title: string, status: string) => ({
  id,
  title,
  description: 'd',
  status,
  tokensUsed: 1234,
  tier: 'simple',
  createdAt: new Date().toISOString(),
});

describe('Goals page', () => {
  it('lists goals and queries by status and search (kept in the URL)', async () => {
    const calls = stubFetch({
      'GET /api/goals': (url) => {
        const q = new URL(url, 'http://x').searchParams;
        const items = [goal('g1', 'Write report', 'running'), goal('g2', 'Fix bug', 'failed')]
          .filter((g) => !q.get('status') || g.status === q.get('status'))
          .filter((g) => !q.get('q') || g.title.toLowerCase().includes(q.get('q')!.toLowerCase()));
        return json(200, { items, page: 0, size: 20, total: items.length });
      },
    });
    const router = renderRoute('/goals');
    await waitFor(() => expect(screen.getAllByTestId('goal-row')).toHaveLength(2));
    expect(calls[0].url).toBe('/api/goals?page=0&size=20');
    expect(screen.getByText('Write report').closest('a')).toHaveAttribute('href', '/goals/g1');
    expect(screen.getByTestId('goal-count')).toHaveTextContent('2 goals');
    expect(screen.getAllByTestId('goal-row')[0]).toHaveTextContent('1,234');

    fireEvent.click(screen.getByRole('button', { name: 'failed' }));
    await waitFor(() => expect(screen.getAllByTestId('goal-row')).toHaveLength(1));
    expect(calls.at(-1)?.url).toBe('/api/goals?status=failed&page=0&size=20');
    expect(router.state.location.search).toBe('?status=failed');

    fireEvent.click(screen.getByRole('button', { name: 'all' }));
    fireEvent.change(screen.getByTestId('goal-search'), { target: { value: 'write' } });
    await waitFor(() => expect(calls.at(-1)?.url).toBe('/api/goals?q=write&page=0&size=20'));
    await waitFor(() => expect(screen.getAllByTestId('goal-row')).toHaveLength(1));
    expect(screen.getByTestId('goal-row')).toHaveAttribute('data-goal-id', 'g1');
  });

  it('says so when the server has no goals API', async () => {
    stubFetch({});
    renderRoute('/goals');
    expect(await screen.findByTestId('goals-unavailable')).toHaveTextContent(
      'The goals API is not available on this server yet.',
    );
  });
});
