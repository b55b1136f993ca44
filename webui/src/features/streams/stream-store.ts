/**
 * Framework-free store of LLM streams for one WebSocket channel.
 *
 * - Applies wire frames (event / batch / snapshot) with seq and chunk-index accounting.
 * - Refuses gaps and reports that a resync is needed (the socket then reconnects with resume).
 * - Publishes immutable state at most once per animation frame, so thousands of chunks per
 *   second cost one render per frame.
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
  type EventFrame,
  type ServerFrame,
  type SnapshotFrame,
  isStreamStatus,
  type SnapshotStream,
  type StreamStatus,
} from './wire-types';

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
  /** Output tokens per second over the stream's duration. */
  readonly tokensPerSecond?: number;
  readonly finishReason?: string;
  readonly error?: string;
  readonly truncated?: boolean;
  /** Epoch ms when the server last saved the content while it streamed (stream records). */
  readonly checkpointedAt?: number;
}

/** What an interrupted stream without an error text says. */
export const INTERRUPTED_MESSAGE = 'The server stopped while this stream ran.';

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
}

export interface StreamStoreState {
  /** Newest first (by start time). */
  readonly streams: readonly StreamView[];
  readonly metrics: StreamMetrics;
  readonly epoch?: string;
  readonly lastSeq?: number;
  /** `recovered` flag of the last snapshot, if any. */
  readonly recovered?: boolean;
  /** Chunks applied by this store since it was created (live throughput sampling). */
  readonly chunkCount: number;
  /** Increments on every publish. */
  readonly version: number;
}

export type ResyncListener = (reason: string) => void;

/**
 * Listener for the channel's other events (`goal.status`, `workitem.status`, `run.step`, …),
 * called once per event in seq order (duplicates are not repeated), and with
 * {@link SNAPSHOT_APPLIED} after a snapshot replaced the state (events may have been missed).
 */
export type ChannelEventListener = (event: string, data: unknown) => void;

/** Pseudo event name passed to {@link ChannelEventListener}s after a snapshot. */
export const SNAPSHOT_APPLIED = '#snapshot';

export interface ResumePoint {
  epoch?: string;
  since?: number;
}

export interface StreamStoreOptions {
  /** Maximum number of finished streams kept (oldest finished evicted first). Default 200. */
  maxFinished?: number;
  /** Schedules a publish; default: next animation frame (timeout fallback). */
  schedule?: (flush: () => void) => void;
}

export interface StreamStore {
  /** React-compatible subscribe (`useSyncExternalStore`). */
  subscribe(listener: () => void): () => void;
  /** Last published state; stable between publishes. */
  getState(): StreamStoreState;
  /** Applies a decoded frame. Returns false when it revealed a gap (resync needed). */
  handleFrame(frame: ServerFrame): boolean;
  /** Registers a listener for non-stream events (see {@link ChannelEventListener}). */
  onEvent(listener: ChannelEventListener): () => void;
  /** Registers a gap listener; called once per gap detection. */
  onResync(listener: ResyncListener): () => void;
  /** True from a detected gap until {@link clearResync} or a snapshot. */
  readonly resyncNeeded: boolean;
  /** Called by the socket when a new connection opens. */
  clearResync(): void;
  /** Where to resume from (`?epoch=E&since=S`). */
  resumePoint(): ResumePoint;
  /** Publishes pending changes synchronously. */
  flush(): void;
  /** Drops everything (streams, epoch, seq). */
  reset(): void;
}

interface StreamRecord {
  requestId: string;
  goalId?: string;
  workItemId?: string;
  runId?: string;
  model: string;
  provider?: string;
  owner?: string;
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
  finishReason?: string;
  error?: string;
  truncated?: boolean;
  /** Cached view; cleared when the record changes. */
  view?: StreamView;
  /** Insertion counter, tie-breaker for ordering. */
  order: number;
  /** Made by a chunk, end or error before any start: the start's time is not known yet. */
  lazy?: boolean;
}

const DEFAULT_MAX_FINISHED = 200;

function opt<T>(value: T | null | undefined): T | undefined {
  return value === null ? undefined : value;
}

function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function defaultSchedule(flush: () => void): void {
  let done = false;
  const run = () => {
    if (done) return;
    done = true;
    flush();
  };
  if (typeof requestAnimationFrame === 'function') {
    requestAnimationFrame(run);
    // rAF pauses in background tabs; keep the page roughly current anyway.
    setTimeout(run, 250);
  } else {
    setTimeout(run, 0);
  }
}

function statusForFinish(finishReason: string | undefined): StreamStatus {
  if (finishReason === 'cancelled') return 'cancelled';
  if (finishReason === 'error') return 'error';
  if (finishReason === 'interrupted') return 'interrupted';
  return 'completed';
}

function tokensPerSecond(r: StreamRecord): number | undefined {
  const tokens = r.outputTokens ?? r.tokensUsed;
  if (tokens === undefined || r.durationMs === undefined || r.durationMs <= 0) return undefined;
  return tokens / (r.durationMs / 1000);
}

function toView(r: StreamRecord): StreamView {
  if (r.parts.length > 1) r.parts = [r.parts.join('')];
  return {
    requestId: r.requestId,
    goalId: r.goalId,
    workItemId: r.workItemId,
    runId: r.runId,
    model: r.model,
    provider: r.provider,
    owner: r.owner,
    status: r.status,
    content: r.parts[0] ?? '',
    nextIndex: r.nextIndex,
    startedAt: r.startedAt,
    finishedAt: r.finishedAt,
    ttftMs:
      r.ttftMs ??
      (r.firstChunkAt !== undefined ? Math.max(0, r.firstChunkAt - r.startedAt) : undefined),
    durationMs: r.durationMs,
    inputTokens: r.inputTokens,
    outputTokens: r.outputTokens,
    tokensUsed: r.tokensUsed,
    tokensPerSecond: tokensPerSecond(r),
    finishReason: r.finishReason,
    error: r.error,
    truncated: r.truncated,
  };
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
  for (const s of streams) {
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
  };
}

const EMPTY_STATE: StreamStoreState = {
  streams: [],
  metrics: computeMetrics([]),
  chunkCount: 0,
  version: 0,
};

export function createStreamStore(options: StreamStoreOptions = {}): StreamStore {
  const maxFinished = Math.max(0, options.maxFinished ?? DEFAULT_MAX_FINISHED);
  const schedule = options.schedule ?? defaultSchedule;

  const records = new Map<string, StreamRecord>();
  /** Finished request ids, oldest finished first. */
  let finishedOrder: string[] = [];
  let epoch: string | undefined;
  let lastSeq: number | undefined;
  let recovered: boolean | undefined;
  let resyncNeeded = false;
  let orderCounter = 0;
  let chunkCount = 0;

  let state: StreamStoreState = EMPTY_STATE;
  let dirty = false;
  let scheduled = false;
  const listeners = new Set<() => void>();
  const resyncListeners = new Set<ResyncListener>();
  const eventListeners = new Set<ChannelEventListener>();

  function notifyEvent(name: string, data: unknown): void {
    for (const listener of [...eventListeners]) {
      try {
        listener(name, data);
      } catch (err) {
        console.error('channel event listener failed', err);
      }
    }
  }

  function markDirty(record?: StreamRecord): void {
    if (record) record.view = undefined;
    dirty = true;
    if (!scheduled) {
      scheduled = true;
      schedule(flush);
    }
  }

  function flush(): void {
    scheduled = false;
    if (!dirty) return;
    dirty = false;
    const views: Array<{ view: StreamView; order: number }> = [];
    for (const r of records.values()) {
      if (!r.view) r.view = toView(r);
      views.push({ view: r.view, order: r.order });
    }
    views.sort((a, b) => b.view.startedAt - a.view.startedAt || b.order - a.order);
    const streams = views.map((v) => v.view);
    state = {
      streams,
      metrics: computeMetrics(streams),
      epoch,
      lastSeq,
      recovered,
      chunkCount,
      version: state.version + 1,
    };
    for (const listener of [...listeners]) listener();
  }

  function requestResync(reason: string): void {
    const first = !resyncNeeded;
    resyncNeeded = true;
    if (!first) return;
    for (const listener of [...resyncListeners]) {
      try {
        listener(reason);
      } catch (err) {
        console.error('resync listener failed', err);
      }
    }
  }

  function finalize(r: StreamRecord): void {
    finishedOrder.push(r.requestId);
    while (finishedOrder.length > maxFinished) {
      const evicted = finishedOrder.shift();
      if (evicted !== undefined) records.delete(evicted);
    }
  }

  function createRecord(requestId: string, init: Partial<StreamRecord>): StreamRecord {
    const r: StreamRecord = {
      requestId,
      model: 'unknown',
      status: 'streaming',
      parts: [],
      nextIndex: 0,
      startedAt: Date.now(),
      order: orderCounter++,
      ...init,
    };
    records.set(requestId, r);
    return r;
  }

  /** Applies the payload of one event. Returns false on a chunk-index gap. */
  function applyPayload(name: string, data: unknown): boolean {
    switch (name) {
      case STREAM_START: {
        if (!isStartData(data)) {
          console.warn('ignoring malformed llm.stream.start', data);
          return true;
        }
        // The server sends the start together with the first chunk (or the end, or the error,
        // when no text came), naming the provider that serves the stream; its timestamp is
        // when the call began, so TTFT = first chunk - start holds without any gap between them.
        const existing = records.get(data.requestId);
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
          existing.goalId = opt(data.goalId) ?? existing.goalId;
          existing.workItemId = opt(data.workItemId) ?? existing.workItemId;
          existing.runId = opt(data.runId) ?? existing.runId;
          markDirty(existing);
          return true;
        }
        const r = createRecord(data.requestId, {
          goalId: opt(data.goalId),
          workItemId: opt(data.workItemId),
          runId: opt(data.runId),
          model: typeof data.model === 'string' ? data.model : 'unknown',
          provider: opt(data.provider),
          owner: opt(data.owner),
          startedAt: num(data.timestamp) ?? Date.now(),
        });
        markDirty(r);
        return true;
      }
      case STREAM_CHUNK: {
        if (!isChunkData(data)) {
          console.warn('ignoring malformed llm.stream.chunk', data);
          return true;
        }
        let r = records.get(data.requestId);
        if (!r) {
          if (data.index !== 0) {
            requestResync(`chunk ${data.index} for unknown stream ${data.requestId}`);
            return false;
          }
          r = createRecord(data.requestId, {
            goalId: opt(data.goalId),
            startedAt: num(data.timestamp) ?? Date.now(),
            lazy: true,
          });
        }
        if (data.index < r.nextIndex) return true; // duplicate
        if (data.index > r.nextIndex) {
          requestResync(`chunk gap on ${r.requestId}: got ${data.index}, want ${r.nextIndex}`);
          return false;
        }
        r.parts.push(data.chunk);
        r.nextIndex++;
        chunkCount++;
        if (r.firstChunkAt === undefined) {
          r.firstChunkAt = num(data.timestamp);
        }
        markDirty(r);
        return true;
      }
      case STREAM_END: {
        if (!isEndData(data)) {
          console.warn('ignoring malformed llm.stream.end', data);
          return true;
        }
        const r =
          records.get(data.requestId) ??
          createRecord(data.requestId, {
            goalId: opt(data.goalId),
            startedAt: Date.now(),
            lazy: true,
          });
        if (r.status !== 'streaming') return true; // already finished
        const finishReason = typeof data.finishReason === 'string' ? data.finishReason : 'stop';
        const timestamp = num(data.timestamp);
        r.status = statusForFinish(finishReason);
        r.finishReason = finishReason;
        r.finishedAt = timestamp;
        r.tokensUsed = num(data.tokensUsed);
        r.inputTokens = num(data.inputTokens);
        r.outputTokens = num(data.outputTokens);
        r.truncated = data.truncated === true ? true : undefined;
        r.ttftMs =
          num(data.ttftMs) ??
          (r.firstChunkAt !== undefined ? Math.max(0, r.firstChunkAt - r.startedAt) : undefined);
        r.durationMs =
          num(data.durationMs) ??
          (timestamp !== undefined ? Math.max(0, timestamp - r.startedAt) : undefined);
        if (r.status === 'error' && !r.error) r.error = 'Stream ended with an error';
        if (r.status === 'interrupted' && !r.error) r.error = INTERRUPTED_MESSAGE;
        finalize(r);
        markDirty(r);
        return true;
      }
      case STREAM_ERROR: {
        if (!isErrorData(data)) {
          console.warn('ignoring malformed llm.stream.error', data);
          return true;
        }
        const r =
          records.get(data.requestId) ??
          createRecord(data.requestId, {
            goalId: opt(data.goalId),
            startedAt: Date.now(),
            lazy: true,
          });
        if (r.status !== 'streaming') return true;
        const timestamp = num(data.timestamp);
        r.status = 'error';
        r.finishReason = 'error';
        r.error = typeof data.error === 'string' && data.error ? data.error : 'Unknown error';
        r.finishedAt = timestamp;
        r.durationMs = timestamp !== undefined ? Math.max(0, timestamp - r.startedAt) : undefined;
        r.ttftMs =
          r.firstChunkAt !== undefined ? Math.max(0, r.firstChunkAt - r.startedAt) : undefined;
        finalize(r);
        markDirty(r);
        return true;
      }
      default:
        notifyEvent(name, data); // goal.status and friends: not stream state, but listeners care
        return true;
    }
  }

  /** Applies one event frame with seq accounting. Returns false on a gap. */
  function applyEvent(frame: EventFrame): boolean {
    if (resyncNeeded) return false; // waiting for the reconnect; nothing can be applied in order
    const seq = frame.seq ?? undefined;
    const frameEpoch = frame.epoch ?? undefined;
    if (seq !== undefined) {
      if (frameEpoch !== undefined && epoch !== undefined && frameEpoch !== epoch) {
        requestResync(`epoch changed from ${epoch} to ${frameEpoch}`);
        return false;
      }
      if (lastSeq !== undefined) {
        if (seq <= lastSeq) return true; // duplicate
        if (seq > lastSeq + 1) {
          requestResync(`seq gap: got ${seq}, want ${lastSeq + 1}`);
          return false;
        }
      }
    }
    if (!applyPayload(frame.event, frame.data)) return false;
    if (seq !== undefined) {
      lastSeq = seq;
      if (frameEpoch !== undefined) epoch = frameEpoch;
      markDirty();
    }
    return true;
  }

  function snapshotRecord(s: SnapshotStream): StreamRecord {
    const content = typeof s.content === 'string' ? s.content : '';
    // Unknown statuses (a newer server) count as live: the stream's end event still comes.
    const status: StreamStatus = isStreamStatus(s.status) ? s.status : 'streaming';
    const startedAt = num(s.startedAt) ?? Date.now();
    const durationMs = num(s.durationMs);
    return {
      requestId: s.requestId,
      goalId: opt(s.goalId),
      workItemId: opt(s.workItemId),
      runId: opt(s.runId),
      model: typeof s.model === 'string' ? s.model : 'unknown',
      provider: opt(s.provider),
      owner: opt(s.owner),
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
      finishReason: opt(s.finishReason),
      error: opt(s.error) ?? (status === 'interrupted' ? INTERRUPTED_MESSAGE : undefined),
      order: orderCounter++,
    };
  }

  function applySnapshot(frame: SnapshotFrame): void {
    records.clear();
    finishedOrder = [];
    const sorted = frame.streams.map(snapshotRecord);
    sorted.sort((a, b) => a.startedAt - b.startedAt);
    const finished: StreamRecord[] = [];
    for (const r of sorted) {
      records.set(r.requestId, r);
      if (r.status !== 'streaming') finished.push(r);
    }
    finished.sort((a, b) => (a.finishedAt ?? a.startedAt) - (b.finishedAt ?? b.startedAt));
    for (const r of finished) finalize(r);
    epoch = frame.epoch ?? undefined;
    lastSeq = frame.seq ?? undefined;
    recovered = frame.recovered ?? undefined;
    resyncNeeded = false;
    markDirty();
    notifyEvent(SNAPSHOT_APPLIED, undefined);
  }

  function handleFrame(frame: ServerFrame): boolean {
    switch (frame.type) {
      case 'snapshot':
        applySnapshot(frame);
        return true;
      case 'batch':
        for (const event of frame.events) {
          if (!applyEvent(event)) return false;
        }
        return true;
      case 'event':
        return applyEvent(frame);
      default:
        return true;
    }
  }

  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getState: () => state,
    handleFrame,
    onEvent(listener) {
      eventListeners.add(listener);
      return () => eventListeners.delete(listener);
    },
    onResync(listener) {
      resyncListeners.add(listener);
      return () => resyncListeners.delete(listener);
    },
    get resyncNeeded() {
      return resyncNeeded;
    },
    clearResync() {
      resyncNeeded = false;
    },
    resumePoint: () => ({ epoch, since: lastSeq }),
    flush,
    reset() {
      records.clear();
      finishedOrder = [];
      epoch = undefined;
      lastSeq = undefined;
      recovered = undefined;
      resyncNeeded = false;
      markDirty();
    },
  };
}
