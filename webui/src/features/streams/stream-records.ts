/** Stream records kept by the server (`GET /api/streams`, `GET /api/streams/{requestId}`). */
import { getJson } from '../../lib/api';
import { parseIso } from '../../lib/time';
import type { Page } from '../goals/goals-api';
import { INTERRUPTED_MESSAGE, type StreamView } from './stream-store';
import { arrivalsFromTimings } from '../timeline/timeline';
import { readAttempts, type StreamAttempt, type StreamStatus } from './wire-types';

/**
 * When a stream's chunks arrived: group i came `offsetsMs[i]` ms after `startedAt` carrying
 * `lengths[i]` UTF-16 characters of `content` (adjacent chunks merged beyond the server's bound).
 */
export interface StreamTimings {
  offsetsMs: number[];
  lengths: number[];
}

export interface StreamRecord {
  requestId: string;
  goalId?: string | null;
  workItemId?: string | null;
  runId?: string | null;
  model: string;
  provider?: string | null;
  owner?: string | null;
  /** `interrupted`: the server stopped while it streamed; `content` is its last checkpoint. */
  status: StreamStatus;
  content?: string | null;
  chunks?: number | null;
  inputTokens?: number | null;
  outputTokens?: number | null;
  tokensUsed?: number | null;
  /** Input tokens read from the provider's cache (part of `inputTokens`). */
  cachedInputTokens?: number | null;
  /** What the stream cost in USD; null when its model has no price. */
  costUsd?: number | null;
  ttftMs?: number | null;
  durationMs?: number | null;
  finishReason?: string | null;
  error?: string | null;
  startedAt?: string | number | null;
  finishedAt?: string | number | null;
  /** When the content was last saved while it streamed (ISO); null if never. */
  checkpointedAt?: string | null;
  /** The cluster instance that ran it; null on a single node. */
  instance?: string | null;
  /** The API the caller spoke (`api`, `openai`, `anthropic`); null for the agent's calls. */
  client?: string | null;
  /** The id of the API key the call came with (never its secret); null without one. */
  apiKeyId?: string | null;
  /** Failed attempts before the serving one (single record only, not the list). */
  attempts?: StreamAttempt[] | null;
  /** Chunk timings (single record only; up to the last checkpoint while it runs). */
  timings?: StreamTimings | null;
}

/** The record's timings when they are well-formed (parallel arrays of numbers). */
export function recordTimings(r: StreamRecord): StreamTimings | undefined {
  const t = r.timings;
  if (!t || !Array.isArray(t.offsetsMs) || !Array.isArray(t.lengths)) return undefined;
  const count = Math.min(t.offsetsMs.length, t.lengths.length);
  const offsetsMs = t.offsetsMs.slice(0, count);
  const lengths = t.lengths.slice(0, count);
  const ok = [...offsetsMs, ...lengths].every((v) => typeof v === 'number' && Number.isFinite(v));
  return ok ? { offsetsMs, lengths } : undefined;
}

export interface StreamQuery {
  status?: 'active' | 'completed' | 'error' | 'cancelled' | 'interrupted';
  goalId?: string;
  model?: string;
  page?: number;
  size?: number;
}

export function listStreamRecords(
  query: StreamQuery,
  signal?: AbortSignal,
): Promise<Page<StreamRecord>> {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  return getJson<Page<StreamRecord>>(`/api/streams?${params.toString()}`, {
    signal,
    action: 'view streams',
  });
}

export function getStreamRecord(requestId: string, signal?: AbortSignal): Promise<StreamRecord> {
  return getJson<StreamRecord>(`/api/streams/${encodeURIComponent(requestId)}`, {
    signal,
    action: 'view this stream',
  });
}

function num(value: number | null | undefined): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** The same view the live store produces, from a server record. */
export function recordToView(r: StreamRecord): StreamView {
  const durationMs = num(r.durationMs);
  const tokens = num(r.outputTokens) ?? num(r.tokensUsed);
  const startedAt = parseIso(r.startedAt) ?? 0;
  const timings = recordTimings(r);
  return {
    requestId: r.requestId,
    goalId: r.goalId ?? undefined,
    workItemId: r.workItemId ?? undefined,
    runId: r.runId ?? undefined,
    model: r.model,
    provider: r.provider ?? undefined,
    owner: r.owner ?? undefined,
    client: r.client ?? undefined,
    apiKeyId: r.apiKeyId ?? undefined,
    status: r.status,
    content: r.content ?? '',
    nextIndex: num(r.chunks) ?? 0,
    startedAt,
    finishedAt: parseIso(r.finishedAt),
    ttftMs: num(r.ttftMs),
    durationMs,
    inputTokens: num(r.inputTokens),
    outputTokens: num(r.outputTokens),
    tokensUsed: num(r.tokensUsed),
    cachedInputTokens: num(r.cachedInputTokens),
    costUsd: num(r.costUsd),
    tokensPerSecond:
      tokens !== undefined && durationMs !== undefined && durationMs > 0
        ? tokens / (durationMs / 1000)
        : undefined,
    finishReason: r.finishReason ?? undefined,
    error: r.error ?? (r.status === 'interrupted' ? INTERRUPTED_MESSAGE : undefined),
    checkpointedAt: parseIso(r.checkpointedAt),
    instance: r.instance ?? undefined,
    arrivals: arrivalsFromTimings(startedAt, timings),
    arrivalsComplete: timings !== undefined,
    attempts: readAttempts(r.attempts),
  };
}

/**
 * A stream as a JSON document (export), with its chunk arrivals and attempts; without the
 * browser-local bookkeeping (`lastReceivedAt`, `arrivalsComplete`).
 */
export function streamToJson(s: StreamView): string {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const { lastReceivedAt, arrivalsComplete, ...exported } = s;
  return `${JSON.stringify(exported, null, 2)}\n`;
}

/** A stream as a Markdown document: metadata table, then the content as written. */
export function streamToMarkdown(s: StreamView): string {
  const rows: Array<[string, string | number | undefined]> = [
    ['Request', s.requestId],
    ['Goal', s.goalId],
    ['Model', s.model],
    ['Provider', s.provider],
    ['Owner', s.owner],
    ['Client', s.client],
    ['API key', s.apiKeyId],
    ['Instance', s.instance],
    ['Status', s.status],
    ['Started', s.startedAt ? new Date(s.startedAt).toISOString() : undefined],
    ['TTFT (ms)', s.ttftMs],
    ['Duration (ms)', s.durationMs],
    ['Input tokens', s.inputTokens],
    ['Output tokens', s.outputTokens ?? s.tokensUsed],
    ['Cached input tokens', s.cachedInputTokens],
    ['Cost (USD)', s.costUsd],
    ['Tokens/s', s.tokensPerSecond !== undefined ? s.tokensPerSecond.toFixed(1) : undefined],
    ['Finish reason', s.finishReason],
    ['Error', s.error],
    [
      'Checkpointed',
      s.checkpointedAt !== undefined ? new Date(s.checkpointedAt).toISOString() : undefined,
    ],
  ];
  const table = rows
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `| ${k} | ${String(v).replace(/\|/g, '\\|').replace(/\n/g, ' ')} |`)
    .join('\n');
  return `# Stream ${s.requestId}\n\n| Field | Value |\n| --- | --- |\n${table}\n\n## Content\n\n${s.content}\n`;
}

/** Saves text as a file through a temporary object URL. */
export function download(filename: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1_000);
}
