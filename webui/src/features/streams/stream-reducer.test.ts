import { describe, expect, it } from 'vitest';
import {
  createStreamTable,
  hydrateSnapshot,
  reduceStreamEvent,
  statusForFinish,
  streamViews,
  type ReduceOutcome,
  type StreamTable,
} from './stream-reducer';
import type { SnapshotStream } from './wire-types';

const START = 'llm.stream.start';
const CHUNK = 'llm.stream.chunk';
const END = 'llm.stream.end';
const ERROR = 'llm.stream.error';

type Step = [event: string, data: Record<string, unknown>];

const start = (requestId: string, extra: Record<string, unknown> = {}): Step => [
  START,
  { requestId, model: 'm1', provider: 'p1', timestamp: 1_000, ...extra },
];
const chunk = (requestId: string, index: number, text = `c${index}`, timestamp = 1_200): Step => [
  CHUNK,
  { requestId, chunk: text, index, timestamp },
];
const end = (requestId: string, extra: Record<string, unknown> = {}): Step => [
  END,
  { requestId, totalChunks: 1, tokensUsed: 10, finishReason: 'stop', timestamp: 2_000, ...extra },
];
const error = (requestId: string, message = 'boom', timestamp = 1_500): Step => [
  ERROR,
  { requestId, error: message, timestamp },
];

function table(maxFinished?: number): StreamTable {
  return createStreamTable({ maxFinished, now: () => 99_000 });
}

function run(t: StreamTable, steps: Step[]): Array<ReduceOutcome['kind']> {
  return steps.map(([event, data]) => reduceStreamEvent(t, event, data).kind);
}

function view(t: StreamTable, requestId: string) {
  return streamViews(t).find((s) => s.requestId === requestId);
}

describe('reduceStreamEvent: outcomes', () => {
  const cases: Array<[string, Step[], Array<ReduceOutcome['kind']>, string | undefined]> = [
    [
      'start, chunks, end',
      [start('r'), chunk('r', 0), chunk('r', 1), end('r')],
      ['changed', 'changed', 'changed', 'changed'],
      'c0c1',
    ],
    [
      'duplicate chunk index',
      [start('r'), chunk('r', 0), chunk('r', 0, 'X')],
      ['changed', 'changed', 'ignored'],
      'c0',
    ],
    [
      'chunk index gap',
      [start('r'), chunk('r', 0), chunk('r', 2)],
      ['changed', 'changed', 'gap'],
      'c0',
    ],
    ['first chunk not 0', [start('r'), chunk('r', 1)], ['changed', 'gap'], ''],
    ['chunk 0 before start', [chunk('r', 0), start('r')], ['changed', 'changed'], 'c0'],
    ['chunk 1 of an unknown stream', [chunk('r', 1)], ['gap'], undefined],
    [
      'end of a finished stream',
      [start('r'), end('r'), end('r')],
      ['changed', 'changed', 'ignored'],
      '',
    ],
    ['error after end', [start('r'), end('r'), error('r')], ['changed', 'changed', 'ignored'], ''],
    ['end without start', [end('r')], ['changed'], ''],
    ['repeated start', [start('r'), start('r')], ['changed', 'changed'], ''],
    ['malformed chunk', [[CHUNK, { requestId: 'r', index: 'zero' }]], ['malformed'], undefined],
    ['malformed start', [[START, { model: 'm' }]], ['malformed'], undefined],
    ['goal event', [['goal.status', { goalId: 'g', status: 'running' }]], ['other'], undefined],
    ['unknown event', [['llm.stream.future', { requestId: 'r' }]], ['other'], undefined],
  ];
  it.each(cases)('%s', (_name, steps, kinds, content) => {
    const t = table();
    expect(run(t, steps)).toEqual(kinds);
    expect(view(t, 'r')?.content).toBe(content);
  });

  it('names the gap', () => {
    const t = table();
    run(t, [start('r'), chunk('r', 0)]);
    expect(reduceStreamEvent(t, ...chunk('r', 3))).toEqual({
      kind: 'gap',
      reason: 'chunk gap on r: got 3, want 1',
    });
    expect(reduceStreamEvent(t, ...chunk('x', 2))).toEqual({
      kind: 'gap',
      reason: 'chunk 2 for unknown stream x',
    });
  });

  it('counts applied chunks only', () => {
    const t = table();
    run(t, [start('r'), chunk('r', 0), chunk('r', 0), chunk('r', 1), chunk('r', 5)]);
    expect(t.chunkCount).toBe(2);
  });
});

describe('reduceStreamEvent: stream state', () => {
  it('a chunk before its start dates the stream from the start and keeps the text', () => {
    const t = table();
    run(t, [chunk('r', 0, 'Hi', 1_400)]);
    expect(view(t, 'r')).toMatchObject({ model: 'unknown', startedAt: 1_400, ttftMs: 0 });
    run(t, [start('r', { timestamp: 1_000, owner: 'ann', goalId: 'g' })]);
    expect(view(t, 'r')).toMatchObject({
      model: 'm1',
      provider: 'p1',
      owner: 'ann',
      goalId: 'g',
      startedAt: 1_000,
      ttftMs: 400,
      content: 'Hi',
    });
    run(t, [start('r', { timestamp: 10 })]); // no longer lazy: timing stays
    expect(view(t, 'r')?.startedAt).toBe(1_000);
  });

  it('keeps the cluster instance a start names, and names none without one', () => {
    const t = table();
    run(t, [start('r', { instance: 'node-a' }), chunk('r', 0), start('r'), end('r')]);
    expect(view(t, 'r')).toMatchObject({ instance: 'node-a', status: 'completed' });
    run(t, [chunk('late', 0), start('late', { instance: 'node-b' })]);
    expect(view(t, 'late')?.instance).toBe('node-b');
    run(t, [start('single', { instance: null })]);
    expect(view(t, 'single')?.instance).toBeUndefined();
  });

  it('keeps who called: the client the caller spoke and its API key id, none for the agent', () => {
    const t = table();
    run(t, [chunk('r', 0), start('r', { client: 'openai', apiKeyId: 'key_1', owner: 'alice' })]);
    expect(view(t, 'r')).toMatchObject({ client: 'openai', apiKeyId: 'key_1', owner: 'alice' });
    run(t, [start('agent', { client: null })]);
    expect(view(t, 'agent')?.client).toBeUndefined();
    expect(view(t, 'agent')?.apiKeyId).toBeUndefined();
  });

  it('end takes server metrics, else measures them', () => {
    const t = table();
    run(t, [start('a'), chunk('a', 0, 'x', 1_300), end('a', { outputTokens: 20 })]);
    expect(view(t, 'a')).toMatchObject({
      status: 'completed',
      ttftMs: 300,
      durationMs: 1_000,
      finishedAt: 2_000,
      tokensPerSecond: 20,
    });
    run(t, [start('b'), end('b', { ttftMs: 5, durationMs: 250, truncated: true })]);
    expect(view(t, 'b')).toMatchObject({ ttftMs: 5, durationMs: 250, truncated: true });
  });

  it.each([
    ['stop', 'completed', undefined],
    ['length', 'completed', undefined],
    ['cancelled', 'cancelled', undefined],
    ['error', 'error', 'Stream ended with an error'],
    ['interrupted', 'interrupted', 'The server stopped while this stream ran.'],
  ])('end with finish reason %s is %s', (finishReason, status, message) => {
    const t = table();
    run(t, [start('r'), end('r', { finishReason })]);
    expect(view(t, 'r')).toMatchObject({ status, finishReason });
    expect(view(t, 'r')?.error).toBe(message);
    expect(statusForFinish(finishReason)).toBe(status);
  });

  it('error keeps the content so far and measures from the start', () => {
    const t = table();
    run(t, [start('r'), chunk('r', 0, 'part', 1_100), error('r', 'HTTP 500', 1_600)]);
    expect(view(t, 'r')).toMatchObject({
      status: 'error',
      error: 'HTTP 500',
      content: 'part',
      durationMs: 600,
      ttftMs: 100,
    });
    run(t, [start('q'), [ERROR, { requestId: 'q', error: '', timestamp: 1_000 }]]);
    expect(view(t, 'q')?.error).toBe('Unknown error');
  });

  it('an end carries cached input and cost; an error the usage and cost known before it', () => {
    const t = table();
    run(t, [
      start('r'),
      end('r', {
        inputTokens: 2000,
        outputTokens: 100,
        cachedInputTokens: 1500,
        costUsd: 0.0002475,
      }),
    ]);
    expect(view(t, 'r')).toMatchObject({ cachedInputTokens: 1500, costUsd: 0.0002475 });
    run(t, [
      start('e'),
      [ERROR, { requestId: 'e', error: 'cut', inputTokens: 40, outputTokens: 2, costUsd: 0.0001 }],
      start('n'),
      error('n'),
    ]);
    expect(view(t, 'e')).toMatchObject({
      status: 'error',
      inputTokens: 40,
      outputTokens: 2,
      tokensUsed: 42,
      costUsd: 0.0001,
    });
    expect(view(t, 'n')?.costUsd).toBeUndefined();
    expect(view(t, 'n')?.tokensUsed).toBeUndefined();
  });

  it('takes the injected clock for an end without a start', () => {
    const t = table();
    run(t, [end('r', { timestamp: 100_000 })]);
    expect(view(t, 'r')).toMatchObject({ startedAt: 99_000, durationMs: 1_000 });
  });

  it('invalidates the cached view of a changed record only', () => {
    const t = table();
    run(t, [start('a'), start('b', { timestamp: 2_000 })]);
    const [b1, a1] = streamViews(t);
    run(t, [chunk('a', 0)]);
    const [b2, a2] = streamViews(t);
    expect(b2).toBe(b1);
    expect(a2).not.toBe(a1);
    expect(a2.content).toBe('c0');
  });

  it('keeps at most maxFinished finished streams, evicting the first finished', () => {
    const t = table(2);
    run(t, [start('live'), start('a'), start('b'), start('c')]);
    run(t, [end('b'), end('a'), end('c')]);
    expect(
      streamViews(t)
        .map((s) => s.requestId)
        .sort(),
    ).toEqual(['a', 'c', 'live']);
  });

  it('orders views newest first, ties by arrival', () => {
    const t = table();
    run(t, [
      start('old', { timestamp: 1 }),
      start('x', { timestamp: 5 }),
      start('y', { timestamp: 5 }),
    ]);
    expect(streamViews(t).map((s) => s.requestId)).toEqual(['y', 'x', 'old']);
  });
});

describe('hydrateSnapshot', () => {
  const snap = (requestId: string, extra: Partial<SnapshotStream> = {}): SnapshotStream => ({
    requestId,
    model: 'm',
    status: 'streaming',
    content: 'Hel',
    nextIndex: 1,
    startedAt: 500,
    ...extra,
  });

  it('replaces every stream and continues at nextIndex', () => {
    const t = table();
    run(t, [start('gone'), chunk('gone', 0)]);
    hydrateSnapshot(t, [snap('r')]);
    expect(view(t, 'gone')).toBeUndefined();
    expect(run(t, [chunk('r', 0, 'STALE'), chunk('r', 1, 'lo'), chunk('r', 3)])).toEqual([
      'ignored',
      'changed',
      'gap',
    ]);
    expect(view(t, 'r')).toMatchObject({ content: 'Hello', nextIndex: 2 });
    expect(t.chunkCount).toBe(2); // keeps counting across snapshots
  });

  it('maps nulls, unknown statuses and interrupted streams', () => {
    const t = table();
    hydrateSnapshot(t, [
      snap('n', { goalId: null, provider: null, startedAt: null as never, content: null as never }),
      snap('odd', { status: 'paused' as never }),
      snap('cut', { status: 'interrupted', durationMs: 300 }),
    ]);
    expect(view(t, 'n')).toMatchObject({ goalId: undefined, startedAt: 99_000, content: '' });
    expect(view(t, 'odd')?.status).toBe('streaming');
    expect(view(t, 'cut')).toMatchObject({
      status: 'interrupted',
      finishedAt: 800,
      error: 'The server stopped while this stream ran.',
    });
    // Finished streams stay finished.
    expect(run(t, [end('cut')])).toEqual(['ignored']);
  });

  it('keeps the cached input and cost of each snapshot stream', () => {
    const t = table();
    hydrateSnapshot(t, [
      snap('done', { status: 'completed', cachedInputTokens: 5, costUsd: 0.25 }),
    ]);
    expect(view(t, 'done')).toMatchObject({ cachedInputTokens: 5, costUsd: 0.25 });
  });

  it('keeps the cluster instance of each snapshot stream', () => {
    const t = table();
    hydrateSnapshot(t, [snap('there', { instance: 'node-b' }), snap('here', { instance: null })]);
    expect(view(t, 'there')?.instance).toBe('node-b');
    expect(view(t, 'here')?.instance).toBeUndefined();
  });

  it('keeps who called each snapshot stream', () => {
    const t = table();
    hydrateSnapshot(t, [
      snap('api', { client: 'api', apiKeyId: 'key_2' }),
      snap('agent', { client: null, apiKeyId: null }),
    ]);
    expect(view(t, 'api')).toMatchObject({ client: 'api', apiKeyId: 'key_2' });
    expect(view(t, 'agent')?.client).toBeUndefined();
  });

  it('bounds finished streams by the time they finished', () => {
    const t = table(1);
    hydrateSnapshot(t, [
      snap('late', { status: 'completed', startedAt: 100, durationMs: 900 }),
      snap('early', { status: 'completed', startedAt: 200, durationMs: 100 }),
      snap('live', { startedAt: 50 }),
    ]);
    expect(streamViews(t).map((s) => s.requestId)).toEqual(['late', 'live']);
  });
});
