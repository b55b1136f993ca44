/**
 * Wire contract between the PonyBunny server and the browser (WebSocket, JSON text frames).
 * These types mirror the server's Java records; optional fields may be absent or null.
 */

/**
 * `interrupted`: the server stopped (or crashed) while the stream ran; its content is what the
 * last checkpoint saved. Only stream records (REST) carry it today; the store accepts it anywhere.
 */
export type StreamStatus = 'streaming' | 'completed' | 'error' | 'cancelled' | 'interrupted';

export const STREAM_STATUSES: readonly StreamStatus[] = [
  'streaming',
  'completed',
  'error',
  'cancelled',
  'interrupted',
];

export function isStreamStatus(value: unknown): value is StreamStatus {
  return typeof value === 'string' && (STREAM_STATUSES as readonly string[]).includes(value);
}

export type FinishReason =
  'stop' | 'length' | 'tool_calls' | 'content_filter' | 'error' | 'cancelled' | 'interrupted';

export const STREAM_START = 'llm.stream.start';
export const STREAM_CHUNK = 'llm.stream.chunk';
export const STREAM_END = 'llm.stream.end';
export const STREAM_ERROR = 'llm.stream.error';

export type KnownEventName =
  typeof STREAM_START | typeof STREAM_CHUNK | typeof STREAM_END | typeof STREAM_ERROR;

/**
 * A failed attempt before the one that served the stream (retry or fallback), in order. A
 * fallback shows as the next attempt's provider (or the start's `provider`) differing.
 */
export interface StreamAttempt {
  provider: string;
  /** When the attempt failed, ms after the start event's timestamp. */
  atMs: number;
  /** HTTP status; absent for connection errors, timeouts and broken streams. */
  status?: number | null;
  /** Error type: `rate_limited`, `server_error`, `connection_error`, `stream_broken`, `timeout`… */
  error: string;
  /** The provider's Retry-After (ms). */
  retryAfterMs?: number | null;
  /** How long the call waited before its next attempt; absent when it went on at once. */
  waitMs?: number | null;
}

/** The well-formed attempts of a payload (others dropped); undefined when there are none. */
export function readAttempts(value: unknown): StreamAttempt[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const attempts = value.filter(
    (a): a is StreamAttempt =>
      isObject(a) &&
      typeof a.provider === 'string' &&
      typeof a.atMs === 'number' &&
      Number.isFinite(a.atMs) &&
      typeof a.error === 'string',
  );
  return attempts.length > 0 ? attempts : undefined;
}

/** `llm.stream.start` payload. */
export interface StreamStartData {
  requestId: string;
  goalId?: string | null;
  workItemId?: string | null;
  runId?: string | null;
  model: string;
  provider?: string | null;
  /** Who started the stream (user name); absent on servers without sign-in. */
  owner?: string | null;
  /** The API the caller spoke (`api`, `openai`, `anthropic`); absent for the agent's calls. */
  client?: string | null;
  /** The id of the API key the call came with (never its secret); absent without one. */
  apiKeyId?: string | null;
  /** The cluster instance that runs the stream; absent on a single node. */
  instance?: string | null;
  /** Failed attempts before the one that serves the stream; absent/empty when none failed. */
  attempts?: StreamAttempt[] | null;
  timestamp: number;
}

/** `llm.stream.chunk` payload; `index` is 0,1,2,… per request. */
export interface StreamChunkData {
  requestId: string;
  goalId?: string | null;
  chunk: string;
  index: number;
  timestamp: number;
}

/** `llm.stream.end` payload. */
export interface StreamEndData {
  requestId: string;
  goalId?: string | null;
  totalChunks: number;
  tokensUsed: number;
  finishReason: FinishReason | string;
  inputTokens?: number | null;
  outputTokens?: number | null;
  /** Input tokens read from the provider's cache (part of `inputTokens`). */
  cachedInputTokens?: number | null;
  /** What the tokens cost in USD at the model's price; absent when the model has none. */
  costUsd?: number | null;
  ttftMs?: number | null;
  durationMs?: number | null;
  truncated?: boolean | null;
  timestamp: number;
}

/** `llm.stream.error` payload; usage and cost are what was reported before the failure. */
export interface StreamErrorData {
  requestId: string;
  goalId?: string | null;
  error: string;
  inputTokens?: number | null;
  outputTokens?: number | null;
  cachedInputTokens?: number | null;
  costUsd?: number | null;
  timestamp: number;
}

/** A single event frame. `epoch`/`seq` may be absent (first server version). */
export interface EventFrame {
  type: 'event';
  event: string;
  epoch?: string | null;
  seq?: number | null;
  data: unknown;
}

export interface BatchFrame {
  type: 'batch';
  events: EventFrame[];
}

/** One stream as carried in a snapshot frame. */
export interface SnapshotStream {
  requestId: string;
  goalId?: string | null;
  workItemId?: string | null;
  runId?: string | null;
  model: string;
  provider?: string | null;
  owner?: string | null;
  /** The API the caller spoke, as the stream's start named it. */
  client?: string | null;
  /** The id of the caller's API key, as the stream's start named it. */
  apiKeyId?: string | null;
  /** The cluster instance that runs the stream; absent on a single node. */
  instance?: string | null;
  /** Failed attempts before the one that served the stream. */
  attempts?: StreamAttempt[] | null;
  status: StreamStatus;
  content: string;
  nextIndex: number;
  startedAt: number;
  ttftMs?: number | null;
  durationMs?: number | null;
  inputTokens?: number | null;
  outputTokens?: number | null;
  tokensUsed?: number | null;
  cachedInputTokens?: number | null;
  costUsd?: number | null;
  finishReason?: FinishReason | string | null;
  error?: string | null;
}

/** Replaces the channel's stream state; live events follow from `seq + 1`. */
export interface SnapshotFrame {
  type: 'snapshot';
  epoch?: string | null;
  seq?: number | null;
  recovered?: boolean | null;
  streams: SnapshotStream[];
}

export type ServerFrame = EventFrame | BatchFrame | SnapshotFrame;

/** Raised for frames that do not match the contract. */
export class FrameError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FrameError';
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isOptionalString(value: unknown): boolean {
  return value === undefined || value === null || typeof value === 'string';
}

function isOptionalSeq(value: unknown): boolean {
  return value === undefined || value === null || (Number.isInteger(value) && Number(value) >= 0);
}

function checkEventFrame(value: unknown): EventFrame {
  if (!isObject(value) || value.type !== 'event') throw new FrameError('not an event frame');
  if (typeof value.event !== 'string') throw new FrameError('event frame without event name');
  if (!isOptionalString(value.epoch)) throw new FrameError('event frame with invalid epoch');
  if (!isOptionalSeq(value.seq)) throw new FrameError('event frame with invalid seq');
  return value as unknown as EventFrame;
}

function checkSnapshotStream(value: unknown): SnapshotStream {
  if (!isObject(value) || typeof value.requestId !== 'string') {
    throw new FrameError('snapshot stream without requestId');
  }
  return value as unknown as SnapshotStream;
}

/** Validates the envelope of a decoded frame (payloads are checked when applied). */
export function toServerFrame(value: unknown): ServerFrame {
  if (!isObject(value)) throw new FrameError('frame is not a JSON object');
  switch (value.type) {
    case 'event':
      return checkEventFrame(value);
    case 'batch':
      if (!Array.isArray(value.events)) throw new FrameError('batch frame without events');
      return { type: 'batch', events: value.events.map(checkEventFrame) };
    case 'snapshot':
      if (!Array.isArray(value.streams)) throw new FrameError('snapshot frame without streams');
      if (!isOptionalString(value.epoch)) throw new FrameError('snapshot with invalid epoch');
      if (!isOptionalSeq(value.seq)) throw new FrameError('snapshot with invalid seq');
      value.streams.forEach(checkSnapshotStream);
      return value as unknown as SnapshotFrame;
    default:
      throw new FrameError(`unknown frame type: ${String(value.type)}`);
  }
}

/** Parses one JSON text frame; throws {@link FrameError} (or SyntaxError) on malformed input. */
export function parseServerFrame(text: string): ServerFrame {
  return toServerFrame(JSON.parse(text) as unknown);
}

export function isStartData(data: unknown): data is StreamStartData {
  return isObject(data) && typeof data.requestId === 'string';
}

export function isChunkData(data: unknown): data is StreamChunkData {
  return (
    isObject(data) &&
    typeof data.requestId === 'string' &&
    typeof data.chunk === 'string' &&
    Number.isInteger(data.index) &&
    Number(data.index) >= 0
  );
}

export function isEndData(data: unknown): data is StreamEndData {
  return isObject(data) && typeof data.requestId === 'string';
}

export function isErrorData(data: unknown): data is StreamErrorData {
  return isObject(data) && typeof data.requestId === 'string';
}
