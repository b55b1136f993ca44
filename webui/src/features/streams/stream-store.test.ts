import { describe, expect, it, vi } from 'vitest';
import { SNAPSHOT_APPLIED, createStreamStore, type StreamStore } from './stream-store';
import type { EventFrame, SnapshotStream } from './wire-types';

/** A store whose publishes run only when the test says so. */
function manualStore(maxFinished?: number) {
  const pending: Array<() => void> = [];
  const store = createStreamStore({ maxFinished, schedule: (fn) => pending.push(fn) });
  const resyncs: string[] = [];
  store.onResync((reason) => resyncs.push(reason));
  return { store, pending, resyncs };
}

function ev(event: string, data: Record<string, unknown>, seq?: number, epoch = 'E1'): EventFrame {
  return seq === undefined
    ? { type: 'event', event, data }
    : { type: 'event', event, epoch, seq, data };
}
const start = (requestId: string, seq?: number, extra: Record<string, unknown> = {}) =>
  ev(
    'llm.stream.start',
    { requestId, model: 'gpt-test', provider: 'sim', timestamp: 1_000, ...extra },
    seq,
  );
const chunk = (requestId: string, index: number, text: string, seq?: number, timestamp = 1_100) =>
  ev('llm.stream.chunk', { requestId, chunk: text, index, timestamp }, seq);
const end = (requestId: string, extra: Record<string, unknown> = {}, seq?: number) =>
  ev(
    'llm.stream.end',
    {
      requestId,
      totalChunks: 2,
      tokensUsed: 30,
      finishReason: 'stop',
      timestamp: 3_000,
      ...extra,
    },
    seq,
  );

function stream(store: StreamStore, requestId: string) {
  store.flush();
  return store.getState().streams.find((s) => s.requestId === requestId);
}

function snapStream(requestId: string, extra: Partial<SnapshotStream> = {}): SnapshotStream {
  return {
    requestId,
    goalId: 'g1',
    model: 'm',
    provider: 'p',
    status: 'streaming',
    content: 'Hel',
    nextIndex: 1,
    startedAt: 500,
    ...extra,
  };
}

describe('stream store: events', () => {
  it('keeps the owner from the start event and from snapshots', () => {
    const { store } = manualStore();
    store.handleFrame(start('r1', undefined, { owner: 'alice' }));
    store.handleFrame(start('r2'));
    expect(stream(store, 'r1')?.owner).toBe('alice');
    expect(stream(store, 'r2')?.owner).toBeUndefined();
    store.handleFrame({ type: 'snapshot', streams: [snapStream('r3', { owner: 'bob' })] });
    expect(stream(store, 'r3')?.owner).toBe('bob');
  });

  it('start, chunks and end build a completed stream with metrics', () => {
    const { store } = manualStore();
    store.handleFrame(start('r1'));
    store.handleFrame(chunk('r1', 0, 'Hello', undefined, 1_250));
    store.handleFrame(chunk('r1', 1, ', world'));
    expect(stream(store, 'r1')).toMatchObject({
      status: 'streaming',
      content: 'Hello, world',
      nextIndex: 2,
      model: 'gpt-test',
      provider: 'sim',
    });
    store.handleFrame(end('r1', { outputTokens: 20, inputTokens: 10 }));
    const s = stream(store, 'r1')!;
    expect(s.status).toBe('completed');
    expect(s.finishReason).toBe('stop');
    expect(s.ttftMs).toBe(250); // first chunk timestamp - start timestamp
    expect(s.durationMs).toBe(2_000); // end timestamp - start timestamp
    expect(s.outputTokens).toBe(20);
    expect(s.tokensPerSecond).toBeCloseTo(10); // 20 output tokens / 2 s
  });

  it('end prefers server metrics and maps cancelled and error finish reasons', () => {
    const { store } = manualStore();
    store.handleFrame(start('a'));
    store.handleFrame(end('a', { ttftMs: 42, durationMs: 500, tokensUsed: 100 }));
    expect(stream(store, 'a')).toMatchObject({
      status: 'completed',
      ttftMs: 42,
      durationMs: 500,
      tokensPerSecond: 200,
    });
    store.handleFrame(start('b'));
    store.handleFrame(end('b', { finishReason: 'cancelled' }));
    expect(stream(store, 'b')?.status).toBe('cancelled');
    store.handleFrame(start('c'));
    store.handleFrame(end('c', { finishReason: 'error' }));
    expect(stream(store, 'c')?.status).toBe('error');
  });

  it('error finalizes the stream and keeps the content so far', () => {
    const { store } = manualStore();
    store.handleFrame(start('r1'));
    store.handleFrame(chunk('r1', 0, 'partial'));
    store.handleFrame(
      ev('llm.stream.error', { requestId: 'r1', error: 'provider timeout', timestamp: 1_600 }),
    );
    expect(stream(store, 'r1')).toMatchObject({
      status: 'error',
      error: 'provider timeout',
      content: 'partial',
      durationMs: 600,
      ttftMs: 100,
    });
    // A late end does not resurrect or overwrite it.
    store.handleFrame(end('r1'));
    expect(stream(store, 'r1')?.status).toBe('error');
  });

  it('ignores duplicate chunk indexes', () => {
    const { store, resyncs } = manualStore();
    store.handleFrame(start('r1'));
    store.handleFrame(chunk('r1', 0, 'a'));
    store.handleFrame(chunk('r1', 1, 'b'));
    store.handleFrame(chunk('r1', 0, 'a'));
    store.handleFrame(chunk('r1', 1, 'b'));
    store.handleFrame(chunk('r1', 2, 'c'));
    expect(stream(store, 'r1')?.content).toBe('abc');
    expect(resyncs).toEqual([]);
    expect(store.resyncNeeded).toBe(false);
  });

  it('refuses a chunk index gap and reports a resync', () => {
    const { store, resyncs } = manualStore();
    store.handleFrame(start('r1'));
    store.handleFrame(chunk('r1', 0, 'a'));
    expect(store.handleFrame(chunk('r1', 2, 'c'))).toBe(false);
    expect(stream(store, 'r1')).toMatchObject({ content: 'a', nextIndex: 1 });
    expect(resyncs).toHaveLength(1);
    expect(resyncs[0]).toMatch(/gap/);
    expect(store.resyncNeeded).toBe(true);
  });

  it('refuses out-of-order chunks (later index before the missing one)', () => {
    const { store, resyncs } = manualStore();
    store.handleFrame(start('r1'));
    store.handleFrame(chunk('r1', 1, 'b'));
    store.handleFrame(chunk('r1', 0, 'a')); // dropped: waiting for the resync
    expect(stream(store, 'r1')?.content).toBe('');
    expect(resyncs).toHaveLength(1);
    // After the reconnect the same order applies normally.
    store.clearResync();
    store.handleFrame(chunk('r1', 0, 'a'));
    store.handleFrame(chunk('r1', 1, 'b'));
    expect(stream(store, 'r1')?.content).toBe('ab');
  });

  it('creates a stream lazily from chunk 0 only', () => {
    const { store, resyncs } = manualStore();
    store.handleFrame(chunk('lazy', 0, 'x'));
    expect(stream(store, 'lazy')).toMatchObject({ status: 'streaming', content: 'x' });
    expect(resyncs).toEqual([]);
    store.handleFrame(chunk('unknown', 3, 'y'));
    expect(stream(store, 'unknown')).toBeUndefined();
    expect(resyncs).toHaveLength(1);
  });

  it('ignores unknown events and malformed payloads without throwing', () => {
    const { store } = manualStore();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(store.handleFrame(ev('goal.status', { goalId: 'g', status: 'running' }))).toBe(true);
    expect(store.handleFrame(ev('llm.stream.chunk', { requestId: 'r', index: 'zero' }))).toBe(true);
    store.flush();
    expect(store.getState().streams).toHaveLength(0);
    expect(warn).toHaveBeenCalled();
  });

  it('joins content from parts (no per-chunk string growth) and keeps it exact', () => {
    const { store } = manualStore();
    store.handleFrame(start('big'));
    const parts: string[] = [];
    for (let i = 0; i < 5_000; i++) {
      parts.push(`t${i} `);
      store.handleFrame(chunk('big', i, `t${i} `));
    }
    expect(stream(store, 'big')?.content).toBe(parts.join(''));
  });
});

describe('stream store: seq accounting', () => {
  it('tracks epoch and last seq for resume', () => {
    const { store } = manualStore();
    store.handleFrame(start('r1', 1));
    store.handleFrame(chunk('r1', 0, 'a', 2));
    expect(store.resumePoint()).toEqual({ epoch: 'E1', since: 2 });
  });

  it('ignores events whose seq was already seen', () => {
    const { store, resyncs } = manualStore();
    store.handleFrame(start('r1', 1));
    store.handleFrame(chunk('r1', 0, 'a', 2));
    // Replayed duplicates, even with a different payload, are ignored by seq.
    store.handleFrame(chunk('r1', 1, 'DUP', 2));
    store.handleFrame(chunk('r1', 0, 'a', 1));
    store.handleFrame(chunk('r1', 1, 'b', 3));
    expect(stream(store, 'r1')?.content).toBe('ab');
    expect(store.resumePoint().since).toBe(3);
    expect(resyncs).toEqual([]);
  });

  it('a seq gap refuses the event and triggers a resync', () => {
    const { store, resyncs } = manualStore();
    store.handleFrame(start('r1', 1));
    expect(store.handleFrame(chunk('r1', 0, 'a', 3))).toBe(false);
    expect(stream(store, 'r1')?.content).toBe('');
    expect(resyncs).toHaveLength(1);
    expect(resyncs[0]).toMatch(/seq gap/);
    // Resume from the last applied seq.
    expect(store.resumePoint()).toEqual({ epoch: 'E1', since: 1 });
    // Further events are not applied while the resync is pending.
    store.handleFrame(chunk('r1', 0, 'a', 2));
    expect(stream(store, 'r1')?.content).toBe('');
    expect(resyncs).toHaveLength(1);
  });

  it('counts unknown events in seq accounting', () => {
    const { store, resyncs } = manualStore();
    store.handleFrame(start('r1', 1));
    store.handleFrame(ev('goal.status', { goalId: 'g' }, 2));
    store.handleFrame(chunk('r1', 0, 'a', 3));
    expect(resyncs).toEqual([]);
    expect(stream(store, 'r1')?.content).toBe('a');
    expect(store.resumePoint().since).toBe(3);
  });

  it('an epoch change without a snapshot triggers a resync', () => {
    const { store, resyncs } = manualStore();
    store.handleFrame(start('r1', 1));
    store.handleFrame({ ...chunk('r1', 0, 'a', 2), epoch: 'E2' });
    expect(resyncs).toHaveLength(1);
    expect(stream(store, 'r1')?.content).toBe('');
  });

  it('accepts events without seq (first server version)', () => {
    const { store } = manualStore();
    store.handleFrame(start('r1'));
    store.handleFrame(chunk('r1', 0, 'a'));
    expect(stream(store, 'r1')?.content).toBe('a');
    expect(store.resumePoint()).toEqual({ epoch: undefined, since: undefined });
  });
});

describe('stream store: snapshots and batches', () => {
  it('a snapshot replaces the state and live events continue from seq N+1', () => {
    const { store, resyncs } = manualStore();
    store.handleFrame(start('old', 1));
    store.handleFrame({
      type: 'snapshot',
      epoch: 'E9',
      seq: 10,
      recovered: true,
      streams: [
        snapStream('r1'),
        snapStream('r0', {
          status: 'completed',
          content: 'done',
          nextIndex: 4,
          startedAt: 100,
          durationMs: 200,
          ttftMs: 20,
          tokensUsed: 8,
          finishReason: 'stop',
        }),
      ],
    });
    store.flush();
    const state = store.getState();
    expect(state.streams.map((s) => s.requestId)).toEqual(['r1', 'r0']); // newest first
    expect(state.epoch).toBe('E9');
    expect(state.lastSeq).toBe(10);
    expect(state.recovered).toBe(true);
    expect(stream(store, 'old')).toBeUndefined();
    expect(stream(store, 'r0')).toMatchObject({ status: 'completed', tokensPerSecond: 40 });

    // Stale event from before the snapshot is a duplicate.
    store.handleFrame({ ...chunk('r1', 1, 'STALE', 10), epoch: 'E9' });
    store.handleFrame({ ...chunk('r1', 1, 'lo', 11), epoch: 'E9' });
    expect(stream(store, 'r1')).toMatchObject({ content: 'Hello', nextIndex: 2 });
    expect(resyncs).toEqual([]);
  });

  it('a snapshot clears a pending resync', () => {
    const { store } = manualStore();
    store.handleFrame(start('r1', 1));
    store.handleFrame(chunk('r1', 5, 'x', 2));
    expect(store.resyncNeeded).toBe(true);
    store.handleFrame({ type: 'snapshot', epoch: 'E1', seq: 7, streams: [snapStream('r1')] });
    expect(store.resyncNeeded).toBe(false);
    store.handleFrame(chunk('r1', 1, 'lo', 8));
    expect(stream(store, 'r1')?.content).toBe('Hello');
  });

  it('applies batch events in order', () => {
    const { store } = manualStore();
    store.handleFrame({
      type: 'batch',
      events: [start('r1', 1), chunk('r1', 0, 'x', 2), chunk('r1', 1, 'y', 3), end('r1', {}, 4)],
    });
    expect(stream(store, 'r1')).toMatchObject({ content: 'xy', status: 'completed' });
    expect(store.resumePoint().since).toBe(4);
  });

  it('stops applying a batch at a gap', () => {
    const { store, resyncs } = manualStore();
    expect(
      store.handleFrame({
        type: 'batch',
        events: [start('r1', 1), chunk('r1', 0, 'x', 2), chunk('r1', 1, 'y', 4), end('r1', {}, 5)],
      }),
    ).toBe(false);
    expect(stream(store, 'r1')).toMatchObject({ content: 'x', status: 'streaming' });
    expect(resyncs).toHaveLength(1);
    expect(store.resumePoint().since).toBe(2);
  });
});

describe('stream store: the start arrives with the first chunk', () => {
  it('applies start and first chunk of one batch at once, TTFT from the call start', () => {
    const { store, pending, resyncs } = manualStore();
    const listener = vi.fn();
    store.subscribe(listener);
    expect(
      store.handleFrame({
        type: 'batch',
        events: [
          start('r1', 1, { provider: 'openai-b', timestamp: 1_000 }),
          chunk('r1', 0, 'Hel', 2, 1_400),
        ],
      }),
    ).toBe(true);
    expect(pending).toHaveLength(1);
    pending.shift()!();
    expect(listener).toHaveBeenCalledTimes(1);
    expect(store.getState().streams).toHaveLength(1);
    expect(store.getState().streams[0]).toMatchObject({
      requestId: 'r1',
      status: 'streaming',
      provider: 'openai-b',
      content: 'Hel',
      nextIndex: 1,
      startedAt: 1_000,
      ttftMs: 400,
    });
    expect(store.getState().lastSeq).toBe(2);
    expect(resyncs).toEqual([]);
  });

  it('takes a start that comes with the end or the error (no text at all)', () => {
    const { store } = manualStore();
    store.handleFrame({
      type: 'batch',
      events: [
        start('quiet', 1, { provider: 'p2' }),
        end('quiet', { totalChunks: 0, tokensUsed: 3, durationMs: 900 }, 2),
      ],
    });
    store.handleFrame({
      type: 'batch',
      events: [
        start('broken', 3, { provider: 'p3' }),
        ev('llm.stream.error', { requestId: 'broken', error: 'HTTP 500', timestamp: 1_500 }, 4),
      ],
    });
    expect(stream(store, 'quiet')).toMatchObject({
      status: 'completed',
      provider: 'p2',
      content: '',
      nextIndex: 0,
      durationMs: 900,
    });
    expect(stream(store, 'quiet')?.ttftMs).toBeUndefined();
    expect(stream(store, 'broken')).toMatchObject({
      status: 'error',
      provider: 'p3',
      error: 'HTTP 500',
      durationMs: 500,
    });
  });

  it('dates a stream from its start even when the first chunk came first', () => {
    const { store } = manualStore();
    store.handleFrame(chunk('r1', 0, 'Hel', undefined, 1_400));
    expect(stream(store, 'r1')).toMatchObject({ model: 'unknown', startedAt: 1_400, ttftMs: 0 });
    store.handleFrame(start('r1', undefined, { provider: 'openai-b', timestamp: 1_000 }));
    expect(stream(store, 'r1')).toMatchObject({
      model: 'gpt-test',
      provider: 'openai-b',
      startedAt: 1_000,
      ttftMs: 400,
      content: 'Hel',
    });
    // A repeated start changes nothing of the timing.
    store.handleFrame(start('r1', undefined, { timestamp: 500 }));
    expect(stream(store, 'r1')?.startedAt).toBe(1_000);
  });
});

describe('stream store: interrupted streams', () => {
  it('keeps interrupted from a snapshot as finished, apart from errors', () => {
    const { store } = manualStore();
    store.handleFrame({
      type: 'snapshot',
      epoch: 'E1',
      seq: 3,
      streams: [
        snapStream('cut', {
          status: 'interrupted',
          content: 'saved part',
          nextIndex: 4,
          durationMs: 900,
          finishReason: 'interrupted',
          error: 'interrupted: the server stopped while it was running',
        }),
        snapStream('bare', { status: 'interrupted', content: '' }),
        snapStream('odd', { status: 'paused' as never }),
      ],
    });
    expect(stream(store, 'cut')).toMatchObject({
      status: 'interrupted',
      content: 'saved part',
      finishedAt: 500 + 900,
      error: 'interrupted: the server stopped while it was running',
    });
    // Without an error text it still says what happened.
    expect(stream(store, 'bare')?.error).toBe('The server stopped while this stream ran.');
    // Unknown statuses still count as live (their end event will come).
    expect(stream(store, 'odd')?.status).toBe('streaming');
    expect(store.getState().metrics).toMatchObject({
      active: 1,
      errors: 0,
      interrupted: 2,
      total: 3,
    });
    // Finished: a late chunk or error does not bring it back.
    store.handleFrame(ev('llm.stream.error', { requestId: 'cut', error: 'x' }, 4));
    expect(stream(store, 'cut')?.status).toBe('interrupted');
  });

  it('maps an end with finish reason interrupted to interrupted', () => {
    const { store } = manualStore();
    store.handleFrame(start('r1'));
    store.handleFrame(chunk('r1', 0, 'half'));
    store.handleFrame(end('r1', { finishReason: 'interrupted' }));
    expect(stream(store, 'r1')).toMatchObject({
      status: 'interrupted',
      finishReason: 'interrupted',
      content: 'half',
      error: 'The server stopped while this stream ran.',
    });
    expect(store.getState().metrics).toMatchObject({ errors: 0, completed: 0, interrupted: 1 });
  });
});

describe('stream store: eviction, metrics and publishing', () => {
  it('keeps at most N finished streams, evicting the oldest finished first', () => {
    const { store } = manualStore(3);
    store.handleFrame(start('live', undefined, { timestamp: 1 }));
    for (let i = 0; i < 5; i++) {
      store.handleFrame(start(`f${i}`, undefined, { timestamp: 10 + i }));
    }
    // Finish in a different order than started: f4 first, then f0..f3.
    for (const id of ['f4', 'f0', 'f1', 'f2', 'f3']) store.handleFrame(end(id));
    store.flush();
    const ids = store.getState().streams.map((s) => s.requestId);
    expect(ids).toContain('live'); // active streams are never evicted
    expect(ids.sort()).toEqual(['f1', 'f2', 'f3', 'live']);
  });

  it('derives aggregate metrics', () => {
    const { store } = manualStore();
    store.handleFrame(start('a'));
    store.handleFrame(end('a', { ttftMs: 100, durationMs: 1_000, outputTokens: 10 }));
    store.handleFrame(start('b'));
    store.handleFrame(end('b', { ttftMs: 300, durationMs: 1_000, outputTokens: 30 }));
    store.handleFrame(start('c'));
    store.handleFrame(ev('llm.stream.error', { requestId: 'c', error: 'boom', timestamp: 2_000 }));
    store.handleFrame(start('d'));
    store.flush();
    expect(store.getState().metrics).toEqual({
      active: 1,
      completed: 2,
      errors: 1,
      cancelled: 0,
      interrupted: 0,
      total: 4,
      meanTtftMs: 200,
      meanTokensPerSecond: 20,
    });
  });

  it('publishes once per scheduled frame, with stable snapshots in between', () => {
    const { store, pending } = manualStore();
    const listener = vi.fn();
    store.subscribe(listener);
    const before = store.getState();
    store.handleFrame(start('r1'));
    for (let i = 0; i < 1_000; i++) store.handleFrame(chunk('r1', i, 'x'));
    expect(pending).toHaveLength(1); // one frame scheduled for 1001 events
    expect(listener).not.toHaveBeenCalled();
    expect(store.getState()).toBe(before); // nothing published yet
    pending.shift()!();
    expect(listener).toHaveBeenCalledTimes(1);
    const after = store.getState();
    expect(after.streams[0].content).toHaveLength(1_000);
    expect(store.getState()).toBe(after);
  });

  it('keeps the view identity of unchanged streams across publishes', () => {
    const { store } = manualStore();
    store.handleFrame(start('a'));
    store.handleFrame(start('b'));
    store.flush();
    const [b1, a1] = store.getState().streams;
    store.handleFrame(chunk('a', 0, 'x'));
    store.flush();
    const [b2, a2] = store.getState().streams;
    expect(b2).toBe(b1);
    expect(a2).not.toBe(a1);
  });

  it('falls back to a timer when requestAnimationFrame does not run', () => {
    vi.useFakeTimers();
    try {
      const store = createStreamStore();
      const listener = vi.fn();
      store.subscribe(listener);
      store.handleFrame(start('r1'));
      expect(listener).not.toHaveBeenCalled();
      vi.advanceTimersByTime(300);
      expect(listener).toHaveBeenCalledTimes(1);
      expect(store.getState().streams).toHaveLength(1);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('channel events besides streams', () => {
  it('hands goal events to listeners once, in seq order, and marks snapshots', () => {
    const { store } = manualStore();
    const seen: Array<[string, unknown]> = [];
    store.onEvent((name, data) => seen.push([name, data]));
    store.handleFrame(ev('goal.status', { goalId: 'g', status: 'running' }, 1));
    store.handleFrame(ev('goal.status', { goalId: 'g', status: 'running' }, 1)); // duplicate
    store.handleFrame(start('r1', 2));
    store.handleFrame({
      type: 'batch',
      events: [
        ev('workitem.status', { goalId: 'g', workItemId: 'w', status: 'running' }, 3),
        ev('run.step', { goalId: 'g', step: { index: 0 } }, 4),
      ],
    });
    expect(store.handleFrame(ev('goal.status', { status: 'failed' }, 9))).toBe(false); // gap
    store.handleFrame({ type: 'snapshot', epoch: 'E1', seq: 10, streams: [] });
    expect(seen.map(([name]) => name)).toEqual([
      'goal.status',
      'workitem.status',
      'run.step',
      SNAPSHOT_APPLIED,
    ]);
  });

  it('counts applied chunks (not duplicates) for throughput sampling', () => {
    const { store } = manualStore();
    store.handleFrame(start('r1', 1));
    store.handleFrame(chunk('r1', 0, 'a', 2));
    store.handleFrame(chunk('r1', 1, 'b', 3));
    store.handleFrame(chunk('r1', 1, 'b', 4)); // duplicate index
    store.flush();
    expect(store.getState().chunkCount).toBe(2);
  });
});
