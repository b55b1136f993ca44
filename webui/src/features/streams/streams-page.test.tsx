import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { FakeWebSocket, installFakeWebSockets } from '../../test/fake-websocket';
import { json, renderRoute, stubFetch } from '../../test/render';

installFakeWebSockets();

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
    const router = renderRoute('/streams');
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

  it('shows a stream whose start came in one batch with its first chunk, with its provider', async () => {
    renderRoute('/streams');
    const ws = await waitFor(() => {
      const found = FakeWebSocket.find('/ws/streams');
      if (!found) throw new Error('no socket');
      return found;
    });
    const now = Date.now();
    act(() => {
      ws.open();
      ws.send({ type: 'snapshot', epoch: 'E', seq: 0, streams: [] });
      ws.send({
        type: 'batch',
        events: [
          {
            type: 'event',
            event: 'llm.stream.start',
            epoch: 'E',
            seq: 1,
            data: { requestId: 'q1', model: 'm/x', provider: 'backup', timestamp: now - 300 },
          },
          {
            type: 'event',
            event: 'llm.stream.chunk',
            epoch: 'E',
            seq: 2,
            data: { requestId: 'q1', chunk: 'First words', index: 0, timestamp: now },
          },
        ],
      });
    });
    const card = await screen.findByTestId('stream-card');
    await waitFor(() =>
      expect(within(card).getByTestId('stream-content')).toHaveTextContent('First words'),
    );
    expect(card).toHaveAttribute('data-status', 'streaming');
    expect(card).toHaveTextContent('backup');
    expect(within(card).getByTestId('card-ttft')).toHaveTextContent('300 ms');
    expect(ws.closedWith).toBeNull(); // no gap: no resync
  });

  it('filters interrupted streams, apart from errors', async () => {
    renderRoute('/streams?status=interrupted');
    expect(screen.getByTestId('filter-status')).toHaveValue('interrupted');
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
        seq: 2,
        streams: [
          stream('cut', 'gpt', 'alpha', 'interrupted', 1_000),
          stream('failed', 'gpt', 'alpha', 'error', 2_000),
        ],
      });
    });
    const card = await screen.findByTestId('stream-card');
    expect(card).toHaveAttribute('data-request-id', 'cut');
    expect(within(card).getByTestId('stream-interrupted')).toBeInTheDocument();
    expect(screen.getByTestId('metric-errors')).toHaveTextContent('1');
  });

  it('restores filters from the URL', async () => {
    renderRoute('/streams?status=error&goal=zzz');
    expect(screen.getByTestId('filter-status')).toHaveValue('error');
    expect(screen.getByTestId('filter-goal')).toHaveValue('zzz');
    expect(screen.getByText('No stream matches these filters.')).toBeInTheDocument();
  });

  it('opens a stream in the drawer (deep-linkable), and stops a live stream by cancelling its goal', async () => {
    const calls = stubFetch({
      'POST /api/goals/beta/cancel': () => json(202, { id: 'beta', status: 'cancelled' }),
    });
    const router = renderRoute('/streams');
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
        seq: 1,
        streams: [
          stream('done', 'llama', 'alpha', 'completed', 1_000),
          stream('live', 'gpt', 'beta', 'streaming', 2_000),
        ],
      });
    });
    const cards = await screen.findAllByTestId('stream-card');
    fireEvent.click(within(cards[1]).getByTestId('stream-open'));
    const drawer = await screen.findByTestId('stream-drawer');
    expect(router.state.location.search).toBe('?stream=done');
    expect(within(drawer).getByTestId('stream-detail-content')).toHaveTextContent(
      'content of done',
    );
    expect(within(drawer).getByTestId('stream-detail-metrics')).toHaveTextContent('alpha');
    fireEvent.keyDown(drawer, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByTestId('stream-drawer')).toBeNull());
    expect(router.state.location.search).toBe('');

    // Only the live card has a stop button; it cancels the stream's goal.
    expect(within(cards[1]).queryByTestId('stream-stop')).toBeNull();
    fireEvent.click(within(cards[0]).getByTestId('stream-stop'));
    await waitFor(() =>
      expect(calls).toContainEqual({
        method: 'POST',
        url: '/api/goals/beta/cancel',
        body: undefined,
      }),
    );
    await waitFor(() =>
      expect(within(cards[0]).getByTestId('stream-stop')).toHaveTextContent('Stopping…'),
    );
  });

  it('names the cluster instance of a live stream on its card and in the drawer', async () => {
    renderRoute('/streams');
    const ws = await waitFor(() => {
      const found = FakeWebSocket.find('/ws/streams');
      if (!found) throw new Error('no socket');
      return found;
    });
    act(() => {
      ws.open();
      ws.send({ type: 'snapshot', epoch: 'E', seq: 1, streams: [] });
      ws.send({
        type: 'event',
        event: 'llm.stream.start',
        epoch: 'E',
        seq: 2,
        data: { requestId: 'r1', model: 'gpt', instance: 'node-b', timestamp: 1_000 },
      });
    });
    const card = await screen.findByTestId('stream-card');
    expect(within(card).getByTestId('stream-instance')).toHaveTextContent('on node-b');
    fireEvent.click(within(card).getByTestId('stream-open'));
    const drawer = await screen.findByTestId('stream-drawer');
    expect(within(drawer).getByTestId('stream-detail')).toHaveAttribute('data-status', 'streaming');
    expect(within(drawer).getByTestId('stream-detail-metrics')).toHaveTextContent('Instancenode-b');
  });

  it('loads a stream the console no longer has from the server', async () => {
    const calls = stubFetch({
      'GET /api/streams/old-1': () =>
        json(200, {
          requestId: 'old-1',
          goalId: 'g9',
          model: 'sim/x',
          provider: 'sim',
          status: 'error',
          content: 'partial',
          chunks: 1,
          error: 'upstream 503',
          startedAt: '2026-01-01T00:00:00Z',
        }),
    });
    renderRoute('/streams?stream=old-1');
    const detail = await screen.findByTestId('stream-detail');
    expect(detail).toHaveAttribute('data-status', 'error');
    expect(detail).toHaveTextContent('upstream 503');
    expect(screen.getByTestId('stream-detail-content')).toHaveTextContent('partial');
    expect(calls[0].url).toBe('/api/streams/old-1');
  });

  it('shows an interrupted record with its checkpoint in the drawer', async () => {
    stubFetch({
      'GET /api/streams/cut-1': () =>
        json(200, {
          requestId: 'cut-1',
          goalId: 'g9',
          model: 'sim/x',
          provider: 'sim',
          status: 'interrupted',
          content: 'saved part',
          chunks: 4,
          finishReason: 'interrupted',
          error: 'interrupted: the server stopped while it was running',
          startedAt: '2026-01-01T00:00:00Z',
          finishedAt: '2026-01-01T00:05:00Z',
          checkpointedAt: '2026-01-01T00:00:03Z',
        }),
    });
    renderRoute('/streams?stream=cut-1');
    const detail = await screen.findByTestId('stream-detail');
    expect(detail).toHaveAttribute('data-status', 'interrupted');
    expect(within(detail).getByTestId('status-badge')).toHaveTextContent('Interrupted');
    const notice = within(detail).getByTestId('stream-interrupted');
    expect(notice).toHaveTextContent('interrupted: the server stopped while it was running');
    expect(notice).toHaveTextContent('saved at');
    expect(within(detail).getByTestId('stream-detail-metrics')).toHaveTextContent('Checkpoint');
    expect(within(detail).queryByRole('alert')).toBeNull();
    expect(screen.getByTestId('stream-detail-content')).toHaveTextContent('saved part');
  });
});
