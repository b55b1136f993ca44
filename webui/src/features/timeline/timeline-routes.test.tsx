import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { installFakeWebSockets } from '../../test/fake-websocket';
import { json, renderRoute, socketFor, stubFetch } from '../../test/render';
import { resetChannels } from '../streams/channels';
import { resetConsoleSettings } from './console-settings';

installFakeWebSockets();

beforeEach(() => {
  resetConsoleSettings();
});

afterEach(() => {
  resetConsoleSettings();
});

const attempts = [
  { provider: 'faults', atMs: 15, error: 'stream_broken' },
  { provider: 'faults', atMs: 40, status: 503, error: 'server_error', waitMs: 10 },
];

const record = {
  requestId: 'fb-1',
  goalId: 'g1',
  model: 'fallback-test',
  provider: 'sim-anthropic',
  status: 'completed',
  content: 'Hello world, again',
  chunks: 3,
  outputTokens: 4,
  durationMs: 120,
  finishReason: 'stop',
  startedAt: '2026-01-01T00:00:00Z',
  finishedAt: '2026-01-01T00:00:00.120Z',
  attempts,
  timings: { offsetsMs: [60, 80, 110], lengths: [6, 7, 5] },
};

describe('timeline in the drawer and replay', () => {
  it("shows a stored stream's attempts on its timeline and links to its replay", async () => {
    stubFetch({ 'GET /api/streams/fb-1': () => json(200, record) });
    const router = renderRoute('/streams?stream=fb-1');
    const detail = await screen.findByTestId('stream-detail');
    const chart = within(detail).getByTestId('timeline-chart');
    expect(within(chart).getAllByTestId('timeline-attempt')).toHaveLength(2);
    expect(within(chart).getAllByTestId('timeline-attempt')[0]).toHaveTextContent('faults');
    expect(within(chart).getByTestId('timeline-ttft')).toHaveTextContent('TTFT 60 ms');
    expect(within(detail).getByTestId('attempts-note')).toHaveTextContent(
      '1 retry, fell back from faults to sim-anthropic',
    );
    const link = within(detail).getByTestId('replay-link');
    expect(link).toHaveAttribute('href', '/streams/fb-1/replay');
    fireEvent.click(link);
    await waitFor(() => expect(router.state.location.pathname).toBe('/streams/fb-1/replay'));
    const replay = await screen.findByTestId('replay');
    await waitFor(() => expect(replay).toHaveAttribute('data-state', 'done'));
    expect(screen.getByTestId('replay-content')).toHaveTextContent('Hello world, again');
  });

  it('plays a replay opened directly, from the start', async () => {
    stubFetch({ 'GET /api/streams/fb-1': () => json(200, record) });
    renderRoute('/streams/fb-1/replay');
    const replay = await screen.findByTestId('replay');
    expect(replay).toHaveAttribute('data-state', 'playing');
    expect(screen.getByTestId('replay-content')).toHaveAttribute('data-chars', '0');
    await waitFor(() => expect(replay).toHaveAttribute('data-state', 'done'));
    expect(screen.getByTestId('replay-content')).toHaveAttribute('data-chars', '18');
    expect(screen.getByRole('heading', { name: 'Replay' })).toBeInTheDocument();
  });

  it('explains why a running stream, or one without timings, cannot be replayed', async () => {
    stubFetch({
      'GET /api/streams/live': () =>
        json(200, { ...record, requestId: 'live', status: 'streaming' }),
      'GET /api/streams/old': () => json(200, { ...record, requestId: 'old', timings: null }),
    });
    renderRoute('/streams/live/replay');
    expect(await screen.findByTestId('replay-unavailable')).toHaveTextContent('still running');
    resetChannels();
    document.body.innerHTML = '';
    renderRoute('/streams/old/replay');
    expect(await screen.findByTestId('replay-unavailable')).toHaveTextContent('no timings');
  });

  it('offers no replay link for a live stream, and shows its stall as it happens', async () => {
    stubFetch({ 'GET /api/console/settings': () => json(200, { stallAfterMs: 60_000 }) });
    renderRoute('/streams?stream=run-1');
    const ws = await socketFor('/ws/streams');
    act(() => {
      ws.open();
      ws.send({ type: 'snapshot', epoch: 'E', seq: 0, streams: [] });
      ws.send({
        type: 'event',
        event: 'llm.stream.start',
        epoch: 'E',
        seq: 1,
        data: {
          requestId: 'run-1',
          model: 'm',
          provider: 'p',
          timestamp: Date.now() - 100,
          attempts,
        },
      });
      ws.send({
        type: 'event',
        event: 'llm.stream.chunk',
        epoch: 'E',
        seq: 2,
        data: { requestId: 'run-1', chunk: 'Hi', index: 0, timestamp: Date.now() },
      });
    });
    const detail = await screen.findByTestId('stream-detail');
    expect(within(detail).queryByTestId('replay-link')).toBeNull();
    expect(within(detail).getByTestId('timeline-chart')).toHaveAttribute('data-arrivals', '1');
    const card = screen.getByTestId('stream-card');
    expect(within(card).getByTestId('attempts-note')).toHaveTextContent(
      'fell back from faults to p',
    );
    expect(within(card).getByTestId('arrival-sparkline')).toHaveAttribute('data-points', '1');
    expect(within(card).queryByTestId('stall-badge')).toBeNull();
  });

  it("fills a late joiner's timeline in from the record, then goes on live", async () => {
    const startedAt = Date.now() - 5_000;
    const calls = stubFetch({
      'GET /api/streams/late': () =>
        json(200, {
          ...record,
          requestId: 'late',
          status: 'streaming',
          content: 'Hello world',
          startedAt: new Date(startedAt).toISOString(),
          timings: { offsetsMs: [300, 600], lengths: [6, 5] },
        }),
    });
    renderRoute('/streams?stream=late');
    const ws = await socketFor('/ws/streams');
    act(() => {
      ws.open();
      ws.send({
        type: 'snapshot',
        epoch: 'E',
        seq: 0,
        streams: [
          {
            requestId: 'late',
            model: 'm',
            status: 'streaming',
            content: 'Hello world',
            nextIndex: 2,
            startedAt,
          },
        ],
      });
      ws.send({
        type: 'event',
        event: 'llm.stream.chunk',
        epoch: 'E',
        seq: 1,
        data: { requestId: 'late', chunk: '!', index: 2, timestamp: startedAt + 4_000 },
      });
    });
    // (The drawer first shows the record, then the live stream once the snapshot has it.)
    await waitFor(() =>
      expect(screen.getByTestId('timeline-chart')).toHaveAttribute('data-arrivals', '3'),
    );
    const chart = screen.getByTestId('timeline-chart');
    expect(within(chart).getByTestId('timeline-ttft')).toHaveTextContent('TTFT 300 ms');
    // Once for the drawer before the snapshot came, once for the live stream's past.
    expect(calls.filter((c) => c.url === '/api/streams/late')).toHaveLength(2);
  });
});
