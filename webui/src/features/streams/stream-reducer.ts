/**
 * The stream reducer: applies one `llm.stream.*` payload, or a snapshot's streams, to a
 * channel's {@link StreamTable}. No timers, no I/O and no listeners: the outcome says what the
 * caller (the store) has to do. The table is updated in place so that a chunk costs O(1)
 * (content parts are appended, views are rebuilt only for the records that changed).
 */
import {
  STREAM_CHUNK,
  STREAM_END,
  STREAM_ERROR,
  STREAM_START,
  isChunkData,
  isEndData,
  isErrorData,
  isStartData,
  isStreamStatus,
  readAttempts,
  type SnapshotStream,
  type StreamStatus,
} from './wire-types';
import {
  INTERRUPTED_MESSAGE,
  measuredTtft,
  toView,
  type StreamRecord,
  type StreamView,
} from './stream-view';
import { appendArrival } from '../timeline/timeline';

export const DEFAULT_MAX_FINISHED = 200;

/** Every stream of one channel, with the accounting the reducer needs. */
export interface StreamTable {
  readonly records: Map<string, StreamRecord>;
  /** Finished request ids, oldest finished first. */
  finishedOrder: string[];
  orderCounter: number;
  /** Chunks applied since the table was made (not reset by snapshots). */
  chunkCount: number;
  /** Finished streams kept at most (oldest finished evicted first). */
  readonly maxFinished: number;
  /** Clock for streams whose payload carries no usable time. */
  readonly now: () => number;
}

export interface StreamTableOptions {
  maxFinished?: number;
  now?: () => number;
}

export function createStreamTable(options: StreamTableOptions = {}): StreamTable {
  return {
    records: new Map(),
    finishedOrder: [],
    orderCounter: 0,
    chunkCount: 0,
    maxFinished: Math.max(0, options.maxFinished ?? DEFAULT_MAX_FINISHED),
    now: options.now ?? Date.now,
  };
}

/**
 * What applying one event did:
 * - `changed`: the table changed (views of changed records were invalidated);
 * - `ignored`: a duplicate chunk, or an end or error of a finished stream;
 * - `malformed`: a stream event whose payload does not match the contract (nothing changed);
 * - `gap`: a chunk index beyond the next one (or a first chunk other than 0): refused;
 * - `other`: not a stream event (goal events and unknown names), for the channel's listeners.
 */
export type ReduceOutcome =
  | { readonly kind: 'changed' }
  | { readonly kind: 'ignored' }
  | { readonly kind: 'malformed' }
  | { readonly kind: 'gap'; readonly reason: string }
  | { readonly kind: 'other' };

const CHANGED: ReduceOutcome = { kind: 'changed' };
const IGNORED: ReduceOutcome = { kind: 'ignored' };
const MALFORMED: ReduceOutcome = { kind: 'malformed' };
const OTHER: ReduceOutcome = { kind: 'other' };

function opt<T>(value: T | null | undefined): T | undefined {
  return value === null ? undefined : value;
}

function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

export function statusForFinish(finishReason: string | undefined): StreamStatus {
  if (finishReason === 'cancelled') return 'cancelled';
  if (finishReason === 'error') return 'error';
  if (finishReason === 'interrupted') return 'interrupted';
  return 'completed';
}

function changed(r: StreamRecord): ReduceOutcome {
  r.view = undefined;
  return CHANGED;
}

function finalize(table: StreamTable, r: StreamRecord): void {
  table.finishedOrder.push(r.requestId);
  while (table.finishedOrder.length > table.maxFinished) {
    const evicted = table.finishedOrder.shift();
    if (evicted !== undefined) table.records.delete(evicted);
  }
}

function createRecord(
  table: StreamTable,
  requestId: string,
  init: Partial<StreamRecord>,
): StreamRecord {
  const r: StreamRecord = {
    requestId,
    model: 'unknown',
    status: 'streaming',
    parts: [],
    nextIndex: 0,
    startedAt: table.now(),
    order: table.orderCounter++,
    arrivals: [],
    ...init,
  };
  table.records.set(requestId, r);
  return r;
}

/** A record made by an end or error before any start. */
function lazyRecord(table: StreamTable, requestId: string, goalId: string | null | undefined) {
  return createRecord(table, requestId, {
    goalId: opt(goalId),
    startedAt: table.now(),
    lazy: true,
  });
}

function applyStart(table: StreamTable, data: unknown): ReduceOutcome {
  if (!isStartData(data)) return MALFORMED;
  // The server sends the start together with the first chunk (or the end, or the error, when
  // no text came), naming the provider that serves the stream; its timestamp is when the call
  // began, so TTFT = first chunk - start holds without any gap between them.
  const existing = table.records.get(data.requestId);
  if (existing) {
    // Duplicate start (or start after lazily created stream): fill in descriptive fields.
    if (existing.lazy) {
      existing.lazy = undefined;
      const startedAt = num(data.timestamp);
      if (startedAt !== undefined && startedAt < existing.startedAt) {
        existing.startedAt = startedAt;
      }
    }
    existing.model = data.model ?? existing.model;
    existing.provider = opt(data.provider) ?? existing.provider;
    existing.owner = opt(data.owner) ?? existing.owner;
    existing.client = opt(data.client) ?? existing.client;
    existing.apiKeyId = opt(data.apiKeyId) ?? existing.apiKeyId;
    existing.instance = opt(data.instance) ?? existing.instance;
    existing.goalId = opt(data.goalId) ?? existing.goalId;
    existing.workItemId = opt(data.workItemId) ?? existing.workItemId;
    existing.runId = opt(data.runId) ?? existing.runId;
    existing.attempts = readAttempts(data.attempts) ?? existing.attempts;
    return changed(existing);
  }
  createRecord(table, data.requestId, {
    goalId: opt(data.goalId),
    workItemId: opt(data.workItemId),
    runId: opt(data.runId),
    model: typeof data.model === 'string' ? data.model : 'unknown',
    provider: opt(data.provider),
    owner: opt(data.owner),
    client: opt(data.client),
    apiKeyId: opt(data.apiKeyId),
    instance: opt(data.instance),
    attempts: readAttempts(data.attempts),
    startedAt: num(data.timestamp) ?? table.now(),
  });
  return CHANGED;
}

function applyChunk(table: StreamTable, data: unknown): ReduceOutcome {
  if (!isChunkData(data)) return MALFORMED;
  let r = table.records.get(data.requestId);
  if (!r) {
    if (data.index !== 0) {
      return { kind: 'gap', reason: `chunk ${data.index} for unknown stream ${data.requestId}` };
    }
    r = createRecord(table, data.requestId, {
      goalId: opt(data.goalId),
      startedAt: num(data.timestamp) ?? table.now(),
      lazy: true,
    });
  }
  if (data.index < r.nextIndex) return IGNORED; // duplicate
  if (data.index > r.nextIndex) {
    return {
      kind: 'gap',
      reason: `chunk gap on ${r.requestId}: got ${data.index}, want ${r.nextIndex}`,
    };
  }
  r.parts.push(data.chunk);
  r.nextIndex++;
  table.chunkCount++;
  if (r.firstChunkAt === undefined) {
    r.firstChunkAt = num(data.timestamp);
  }
  const receivedAt = table.now();
  appendArrival(r.arrivals, { t: num(data.timestamp) ?? receivedAt, len: data.chunk.length, n: 1 });
  r.lastReceivedAt = receivedAt;
  return changed(r);
}

function applyEnd(table: StreamTable, data: unknown): ReduceOutcome {
  if (!isEndData(data)) return MALFORMED;
  const r = table.records.get(data.requestId) ?? lazyRecord(table, data.requestId, data.goalId);
  if (r.status !== 'streaming') return IGNORED; // already finished
  const finishReason = typeof data.finishReason === 'string' ? data.finishReason : 'stop';
  const timestamp = num(data.timestamp);
  r.status = statusForFinish(finishReason);
  r.finishReason = finishReason;
  r.finishedAt = timestamp;
  r.tokensUsed = num(data.tokensUsed);
  r.inputTokens = num(data.inputTokens);
  r.outputTokens = num(data.outputTokens);
  r.cachedInputTokens = num(data.cachedInputTokens);
  r.costUsd = num(data.costUsd);
  r.truncated = data.truncated === true ? true : undefined;
  r.ttftMs = num(data.ttftMs) ?? measuredTtft(r);
  r.durationMs =
    num(data.durationMs) ??
    (timestamp !== undefined ? Math.max(0, timestamp - r.startedAt) : undefined);
  if (r.status === 'error' && !r.error) r.error = 'Stream ended with an error';
  if (r.status === 'interrupted' && !r.error) r.error = INTERRUPTED_MESSAGE;
  finalize(table, r);
  return changed(r);
}

function applyError(table: StreamTable, data: unknown): ReduceOutcome {
  if (!isErrorData(data)) return MALFORMED;
  const r = table.records.get(data.requestId) ?? lazyRecord(table, data.requestId, data.goalId);
  if (r.status !== 'streaming') return IGNORED;
  const timestamp = num(data.timestamp);
  r.status = 'error';
  r.finishReason = 'error';
  r.error = typeof data.error === 'string' && data.error ? data.error : 'Unknown error';
  r.finishedAt = timestamp;
  r.durationMs = timestamp !== undefined ? Math.max(0, timestamp - r.startedAt) : undefined;
  r.ttftMs = measuredTtft(r);
  // What the provider reported before the failure, when it did.
  r.inputTokens = num(data.inputTokens);
  r.outputTokens = num(data.outputTokens);
  r.cachedInputTokens = num(data.cachedInputTokens);
  r.costUsd = num(data.costUsd);
  if (r.inputTokens !== undefined || r.outputTokens !== undefined) {
    r.tokensUsed = (r.inputTokens ?? 0) + (r.outputTokens ?? 0);
  }
  finalize(table, r);
  return changed(r);
}

/** Applies the payload of one event (seq accounting is the caller's, see `seq-tracker.ts`). */
export function reduceStreamEvent(table: StreamTable, name: string, data: unknown): ReduceOutcome {
  switch (name) {
    case STREAM_START:
      return applyStart(table, data);
    case STREAM_CHUNK:
      return applyChunk(table, data);
    case STREAM_END:
      return applyEnd(table, data);
    case STREAM_ERROR:
      return applyError(table, data);
    default:
      return OTHER;
  }
}

function snapshotRecord(table: StreamTable, s: SnapshotStream): StreamRecord {
  const content = typeof s.content === 'string' ? s.content : '';
  // Unknown statuses (a newer server) count as live: the stream's end event still comes.
  const status: StreamStatus = isStreamStatus(s.status) ? s.status : 'streaming';
  const startedAt = num(s.startedAt) ?? table.now();
  const durationMs = num(s.durationMs);
  return {
    requestId: s.requestId,
    goalId: opt(s.goalId),
    workItemId: opt(s.workItemId),
    runId: opt(s.runId),
    model: typeof s.model === 'string' ? s.model : 'unknown',
    provider: opt(s.provider),
    owner: opt(s.owner),
    client: opt(s.client),
    apiKeyId: opt(s.apiKeyId),
    instance: opt(s.instance),
    status,
    parts: content ? [content] : [],
    nextIndex: num(s.nextIndex) ?? 0,
    startedAt,
    finishedAt:
      status !== 'streaming' && durationMs !== undefined ? startedAt + durationMs : undefined,
    ttftMs: num(s.ttftMs),
    durationMs,
    inputTokens: num(s.inputTokens),
    outputTokens: num(s.outputTokens),
    tokensUsed: num(s.tokensUsed),
    cachedInputTokens: num(s.cachedInputTokens),
    costUsd: num(s.costUsd),
    finishReason: opt(s.finishReason),
    error: opt(s.error) ?? (status === 'interrupted' ? INTERRUPTED_MESSAGE : undefined),
    order: table.orderCounter++,
    attempts: readAttempts(s.attempts),
    // A snapshot carries the text so far, not when it came: the timeline starts from here.
    arrivals: [],
    arrivalsPartial: content.length > 0 || (num(s.nextIndex) ?? 0) > 0 ? true : undefined,
    lastReceivedAt: status === 'streaming' ? table.now() : undefined,
  };
}

/**
 * Replaces every stream with a snapshot's (hydration): finished streams count towards the
 * bound in the order they finished. The chunk counter keeps counting.
 */
export function hydrateSnapshot(table: StreamTable, streams: readonly SnapshotStream[]): void {
  table.records.clear();
  table.finishedOrder = [];
  const sorted = streams.map((s) => snapshotRecord(table, s));
  sorted.sort((a, b) => a.startedAt - b.startedAt);
  const finished: StreamRecord[] = [];
  for (const r of sorted) {
    table.records.set(r.requestId, r);
    if (r.status !== 'streaming') finished.push(r);
  }
  finished.sort((a, b) => (a.finishedAt ?? a.startedAt) - (b.finishedAt ?? b.startedAt));
  for (const r of finished) finalize(table, r);
}

/** Drops every stream (the chunk counter keeps counting). */
export function clearStreams(table: StreamTable): void {
  table.records.clear();
  table.finishedOrder = [];
}

/** Views of every stream, newest first (by start time, then by arrival); cached per record. */
export function streamViews(table: StreamTable): StreamView[] {
  const views: Array<{ view: StreamView; order: number }> = [];
  for (const r of table.records.values()) {
    if (!r.view) r.view = toView(r);
    views.push({ view: r.view, order: r.order });
  }
  views.sort((a, b) => b.view.startedAt - a.view.startedAt || b.order - a.order);
  return views.map((v) => v.view);
}
