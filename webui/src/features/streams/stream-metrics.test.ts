import { describe, expect, it } from 'vitest';
import { computeMetrics } from './stream-metrics';
import type { StreamView } from './stream-view';

const s = (status: StreamView['status'], extra: Partial<StreamView> = {}): StreamView => ({
  requestId: Math.random().toString(36),
  model: 'm',
  status,
  content: '',
  nextIndex: 0,
  startedAt: 0,
  arrivals: [],
  arrivalsComplete: true,
  ...extra,
});

describe('computeMetrics', () => {
  it('is all zero and without means for no streams', () => {
    expect(computeMetrics([])).toEqual({
      active: 0,
      completed: 0,
      errors: 0,
      cancelled: 0,
      interrupted: 0,
      total: 0,
      meanTtftMs: undefined,
      meanTokensPerSecond: undefined,
    });
  });

  it('counts each status apart; interrupted streams are not errors', () => {
    const m = computeMetrics([
      s('streaming'),
      s('streaming'),
      s('completed'),
      s('error'),
      s('cancelled'),
      s('interrupted'),
      s('interrupted'),
    ]);
    expect(m).toMatchObject({
      active: 2,
      completed: 1,
      errors: 1,
      cancelled: 1,
      interrupted: 2,
      total: 7,
    });
  });

  it('averages TTFT over every stream with one, tokens/s over finished ones only', () => {
    const m = computeMetrics([
      s('streaming', { ttftMs: 100, tokensPerSecond: 1_000 }), // live tok/s is not counted
      s('completed', { ttftMs: 300, tokensPerSecond: 10 }),
      s('error', { tokensPerSecond: 30 }),
      s('completed'),
    ]);
    expect(m.meanTtftMs).toBe(200);
    expect(m.meanTokensPerSecond).toBe(20);
  });
});
