/**
 * Framework-free store of LLM streams for one WebSocket channel: wires the protocol's ordering
 * rules (`seq-tracker.ts`), the stream reducer (`stream-reducer.ts`), the metrics
 * (`stream-metrics.ts`) and per-frame publishing (`publish-batcher.ts`) together.
 *
 * - Applies wire frames (event / batch / snapshot) with seq and chunk-index accounting.
 * - Refuses gaps and reports that a resync is needed (the socket then reconnects with resume).
 * - Publishes immutable state at most once per animation frame, so thousands of chunks per
 *   second cost one render per frame.
 */
import { createListenerSet } from './listener-set';
import { createPublishBatcher } from './publish-batcher';
import { SeqTracker, type ResumePoint } from './seq-tracker';
import { computeMetrics, type StreamMetrics } from './stream-metrics';
import {
  clearStreams,
  createStreamTable,
  hydrateSnapshot,
  reduceStreamEvent,
  streamViews,
} from './stream-reducer';
import type { StreamView } from './stream-view';
import type { EventFrame, ServerFrame, SnapshotFrame } from './wire-types';

export { computeMetrics, type StreamMetrics } from './stream-metrics';
export { INTERRUPTED_MESSAGE, type StreamView } from './stream-view';
export type { ResumePoint } from './seq-tracker';

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

export interface StreamStoreOptions {
  /** Maximum number of finished streams kept (oldest finished evicted first). Default 200. */
  maxFinished?: number;
  /** Schedules a publish; default: next animation frame (timeout fallback). */
  schedule?: (flush: () => void) => void;
  /** Clock for streams whose events carry no usable time; default `Date.now`. */
  now?: () => number;
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

const EMPTY_STATE: StreamStoreState = {
  streams: [],
  metrics: computeMetrics([]),
  chunkCount: 0,
  version: 0,
};

export function createStreamStore(options: StreamStoreOptions = {}): StreamStore {
  const table = createStreamTable({ maxFinished: options.maxFinished, now: options.now });
  const seq = new SeqTracker();
  let recovered: boolean | undefined;

  let state: StreamStoreState = EMPTY_STATE;
  const listeners = createListenerSet<[]>();
  const resyncListeners = createListenerSet<[string]>('resync listener');
  const eventListeners = createListenerSet<[string, unknown]>('channel event listener');

  const batcher = createPublishBatcher(() => {
    const streams = streamViews(table);
    state = {
      streams,
      metrics: computeMetrics(streams),
      epoch: seq.epoch,
      lastSeq: seq.lastSeq,
      recovered,
      chunkCount: table.chunkCount,
      version: state.version + 1,
    };
    listeners.notify();
  }, options.schedule);

  function requestResync(reason: string): void {
    if (seq.requestResync()) resyncListeners.notify(reason);
  }

  /** Applies one event frame with seq accounting. Returns false on a gap. */
  function applyEvent(frame: EventFrame): boolean {
    const verdict = seq.check(frame);
    switch (verdict.kind) {
      case 'blocked':
        return false; // waiting for the reconnect; nothing can be applied in order
      case 'duplicate':
        return true;
      case 'gap':
        requestResync(verdict.reason);
        return false;
    }
    const outcome = reduceStreamEvent(table, frame.event, frame.data);
    switch (outcome.kind) {
      case 'gap':
        requestResync(outcome.reason);
        return false;
      case 'changed':
        batcher.markDirty();
        break;
      case 'malformed':
        console.warn(`ignoring malformed ${frame.event}`, frame.data);
        break;
      case 'other':
        // goal.status and friends: not stream state, but listeners care
        eventListeners.notify(frame.event, frame.data);
        break;
    }
    if (seq.commit(frame)) batcher.markDirty();
    return true;
  }

  function applySnapshot(frame: SnapshotFrame): void {
    hydrateSnapshot(table, frame.streams);
    seq.restart(frame);
    recovered = frame.recovered ?? undefined;
    batcher.markDirty();
    eventListeners.notify(SNAPSHOT_APPLIED, undefined);
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
    subscribe: listeners.add,
    getState: () => state,
    handleFrame,
    onEvent: eventListeners.add,
    onResync: resyncListeners.add,
    get resyncNeeded() {
      return seq.resyncNeeded;
    },
    clearResync() {
      seq.clearResync();
    },
    resumePoint: () => seq.resumePoint(),
    flush: batcher.flush,
    reset() {
      clearStreams(table);
      seq.reset();
      recovered = undefined;
      batcher.markDirty();
    },
  };
}
