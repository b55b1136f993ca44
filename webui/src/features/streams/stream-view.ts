/**
 * What the console shows of one stream: the immutable {@link StreamView} handed to React, the
 * store's mutable {@link StreamRecord} behind it, and the conversion between them.
 */
import type { Arrival } from '../timeline/timeline';
import type { StreamAttempt, StreamStatus } from './wire-types';

/** Immutable view of one stream, safe to hand to React (identity changes only when it changes). */
export interface StreamView {
  readonly requestId: string;
  readonly goalId?: string;
  readonly workItemId?: string;
  readonly runId?: string;
  readonly model: string;
  readonly provider?: string;
  /** Who started the stream. */
  readonly owner?: string;
  /** The API the caller spoke (`api`, `openai`, `anthropic`); absent for the agent's calls. */
  readonly client?: string;
  /** The id of the API key the call came with; absent without one. */
  readonly apiKeyId?: string;
  readonly status: StreamStatus;
  readonly content: string;
  readonly nextIndex: number;
  /** Epoch ms (server clock). */
  readonly startedAt: number;
  /** Epoch ms (server clock) when the stream finished. */
  readonly finishedAt?: number;
  readonly ttftMs?: number;
  readonly durationMs?: number;
  readonly inputTokens?: number;
  readonly outputTokens?: number;
  readonly tokensUsed?: number;
  /** Input tokens read from the provider's cache (part of `inputTokens`). */
  readonly cachedInputTokens?: number;
  /** What the stream cost in USD; undefined when unknown (no price, or not finished). */
  readonly costUsd?: number;
  /** Output tokens per second over the stream's duration. */
  readonly tokensPerSecond?: number;
  readonly finishReason?: string;
  readonly error?: string;
  readonly truncated?: boolean;
  /** Epoch ms when the server last saved the content while it streamed (stream records). */
  readonly checkpointedAt?: number;
  /** The cluster instance that runs (or ran) it; absent on a single node. */
  readonly instance?: string;
  /**
   * Chunk arrivals (server clock), at most `MAX_ARRIVALS` (adjacent ones merged beyond);
   * empty when unknown (a record without timings).
   */
  readonly arrivals: readonly Arrival[];
  /** False when the arrivals miss the stream's beginning (it was hydrated from a snapshot). */
  readonly arrivalsComplete: boolean;
  /** Epoch ms on the browser's clock when its last chunk was received (stall detection). */
  readonly lastReceivedAt?: number;
  /** Failed attempts before the one that served it (retries, fallbacks). */
  readonly attempts?: readonly StreamAttempt[];
}

/** What an interrupted stream without an error text says. */
export const INTERRUPTED_MESSAGE = 'The server stopped while this stream ran.';

/** The store's working copy of one stream (mutable; see {@link toView}). */
export interface StreamRecord {
  requestId: string;
  goalId?: string;
  workItemId?: string;
  runId?: string;
  model: string;
  provider?: string;
  owner?: string;
  /** The API the caller spoke and its API key's id (from its start or a snapshot). */
  client?: string;
  apiKeyId?: string;
  /** The cluster instance that runs it (from its start or a snapshot). */
  instance?: string;
  status: StreamStatus;
  /** Content parts; joined lazily at publish time (O(total), no per-chunk concatenation). */
  parts: string[];
  nextIndex: number;
  startedAt: number;
  firstChunkAt?: number;
  finishedAt?: number;
  ttftMs?: number;
  durationMs?: number;
  inputTokens?: number;
  outputTokens?: number;
  tokensUsed?: number;
  cachedInputTokens?: number;
  costUsd?: number;
  finishReason?: string;
  error?: string;
  truncated?: boolean;
  /** Cached view; cleared when the record changes. */
  view?: StreamView;
  /** Insertion counter, tie-breaker for ordering. */
  order: number;
  /** Made by a chunk, end or error before any start: the start's time is not known yet. */
  lazy?: boolean;
  /** Chunk arrivals (bounded, see `appendArrival`). */
  arrivals: Arrival[];
  /** The arrivals start after the first chunk (hydrated from a snapshot with content). */
  arrivalsPartial?: boolean;
  /** Browser clock when the last chunk (or the snapshot) was received. */
  lastReceivedAt?: number;
  attempts?: StreamAttempt[];
}

/** Output tokens (else all tokens) per second of duration; undefined without both. */
export function tokensPerSecond(r: StreamRecord): number | undefined {
  const tokens = r.outputTokens ?? r.tokensUsed;
  if (tokens === undefined || r.durationMs === undefined || r.durationMs <= 0) return undefined;
  return tokens / (r.durationMs / 1000);
}

/** Time to first token from the first chunk's timestamp, when there was a chunk. */
export function measuredTtft(r: StreamRecord): number | undefined {
  return r.firstChunkAt !== undefined ? Math.max(0, r.firstChunkAt - r.startedAt) : undefined;
}

/** Builds the immutable view (joins the content parts into one, keeping the join). */
export function toView(r: StreamRecord): StreamView {
  if (r.parts.length > 1) r.parts = [r.parts.join('')];
  return {
    requestId: r.requestId,
    goalId: r.goalId,
    workItemId: r.workItemId,
    runId: r.runId,
    model: r.model,
    provider: r.provider,
    owner: r.owner,
    client: r.client,
    apiKeyId: r.apiKeyId,
    status: r.status,
    content: r.parts[0] ?? '',
    nextIndex: r.nextIndex,
    startedAt: r.startedAt,
    finishedAt: r.finishedAt,
    ttftMs: r.ttftMs ?? measuredTtft(r),
    durationMs: r.durationMs,
    inputTokens: r.inputTokens,
    outputTokens: r.outputTokens,
    tokensUsed: r.tokensUsed,
    cachedInputTokens: r.cachedInputTokens,
    costUsd: r.costUsd,
    tokensPerSecond: tokensPerSecond(r),
    finishReason: r.finishReason,
    error: r.error,
    truncated: r.truncated,
    instance: r.instance,
    arrivals: r.arrivals.slice(),
    arrivalsComplete: !r.arrivalsPartial,
    lastReceivedAt: r.lastReceivedAt,
    attempts: r.attempts,
  };
}
