import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { RouterProvider, createMemoryRouter } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { routes } from '../../app/router';
import { FakeWebSocket } from '../../test/fake-websocket';
import { resetChannels } from './channels';

beforeEach(() => {
  FakeWebSocket.instances = [];
  vi.stubGlobal('WebSocket', FakeWebSocket);
});

afterEach(() => {
  resetChannels();
  vi.unstubAllGlobals();
});

const stream = (requestId: string, model: string, goalId: string, status: string, at: number) => ({
  requestId,
  goalId,
  model,
  provider: 'sim',
  status,
  content: `content of ${requestId}`,
  nextIndex: 1,
  startedAt: at,
});

describe('Streams page', () => {
  it('lists streams active first, filters by status, model and goal (deep-linkable)', async () => {
    const router = createMemoryRouter(routes, { initialEntries: ['/streams'] });
    render(<RouterProvider router={router} />);
    const ws = await waitFor(() => {
      const found = FakeWebSocket.find('/ws/streams');
      if (!found) throw new Error('no socket');
      return found;
    });
    act(() => {
      ws.open();
      ws.send({
        type: 'snapshot',
        epoch: 'E',
        seq: 5,
        streams: [
          stream('old-done', 'llama', 'alpha', 'completed', 1_000),
          stream('live', 'gpt', 'beta', 'streaming', 500),
          stream('new-done', 'gpt', 'alpha', 'completed', 2_000),
          stream('failed', 'llama', 'beta', 'error', 1_500),
        ],
      });
    });
    const ids = () =>
      screen.getAllByTestId('stream-card').map((c) => c.getAttribute('data-request-id'));
    await waitFor(() => expect(ids()).toEqual(['live', 'new-done', 'failed', 'old-done']));
    expect(screen.getByTestId('metric-active')).toHaveTextContent('1');
    expect(screen.getByTestId('metric-errors')).toHaveTextContent('1');
    expect(screen.getByTestId('metric-total')).toHaveTextContent('4');

    fireEvent.change(screen.getByTestId('filter-status'), { target: { value: 'completed' } });
    await waitFor(() => expect(ids()).toEqual(['new-done', 'old-done']));
    expect(router.state.location.search).toBe('?status=completed');

    fireEvent.change(screen.getByTestId('filter-model'), { target: { value: 'GPT' } });
    await waitFor(() => expect(ids()).toEqual(['new-done']));

    fireEvent.change(screen.getByTestId('filter-status'), { target: { value: 'all' } });
    fireEvent.change(screen.getByTestId('filter-goal'), { target: { value: 'beta' } });
    await waitFor(() => expect(ids()).toEqual(['live']));
    expect(screen.getByTestId('filter-count')).toHaveTextContent('1 of 4');
  });

  it('restores filters from the URL', async () => {
    const router = createMemoryRouter(routes, {
      initialEntries: ['/streams?status=error&goal=zzz'],
    });
    render(<RouterProvider router={router} />);
    expect(screen.getByTestId('filter-status')).toHaveValue('error');
    expect(screen.getByTestId('filter-goal')).toHaveValue('zzz');
    expect(screen.getByText('No stream matches these filters.')).toBeInTheDocument();
  });
});
