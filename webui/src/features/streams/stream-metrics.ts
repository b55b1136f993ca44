/** Aggregate metrics over the streams a store holds (pure). */
import type { StreamView } from './stream-view';

export interface StreamMetrics {
  readonly active: number;
  readonly completed: number;
  readonly errors: number;
  readonly cancelled: number;
  /** Cut by a server stop (not counted as errors). */
  readonly interrupted: number;
  readonly total: number;
  /** Mean time to first token (ms) over streams that have one. */
  readonly meanTtftMs?: number;
  /** Mean tokens/s over finished streams that have one. */
  readonly meanTokensPerSecond?: number;
  /** What the streams with a known cost cost together (USD); undefined when none has one. */
  readonly costUsd?: number;
}

export function computeMetrics(streams: readonly StreamView[]): StreamMetrics {
  let active = 0;
  let completed = 0;
  let errors = 0;
  let cancelled = 0;
  let interrupted = 0;
  let ttftSum = 0;
  let ttftCount = 0;
  let tpsSum = 0;
  let tpsCount = 0;
  let cost: number | undefined;
  for (const s of streams) {
    if (s.costUsd !== undefined) cost = (cost ?? 0) + s.costUsd;
    if (s.status === 'streaming') active++;
    else if (s.status === 'completed') completed++;
    else if (s.status === 'error') errors++;
    else if (s.status === 'cancelled') cancelled++;
    else if (s.status === 'interrupted') interrupted++;
    if (s.ttftMs !== undefined) {
      ttftSum += s.ttftMs;
      ttftCount++;
    }
    if (s.status !== 'streaming' && s.tokensPerSecond !== undefined) {
      tpsSum += s.tokensPerSecond;
      tpsCount++;
    }
  }
  return {
    active,
    completed,
    errors,
    cancelled,
    interrupted,
    total: streams.length,
    meanTtftMs: ttftCount > 0 ? ttftSum / ttftCount : undefined,
    meanTokensPerSecond: tpsCount > 0 ? tpsSum / tpsCount : undefined,
    costUsd: cost,
  };
}
