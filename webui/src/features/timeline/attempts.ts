/** Words for a stream's failed attempts (retries and fallbacks before the serving one). */
import { formatMs } from '../../lib/format';
import type { StreamAttempt } from '../streams/wire-types';

export interface AttemptSummary {
  /** Attempts followed by another attempt on the same provider. */
  readonly retries: number;
  /** Provider switches, in order. */
  readonly fallbacks: ReadonlyArray<{ readonly from: string; readonly to: string }>;
}

/** Counts retries and fallbacks; `servedBy` is the provider that served the stream. */
export function summarizeAttempts(
  attempts: readonly StreamAttempt[],
  servedBy: string | undefined,
): AttemptSummary {
  let retries = 0;
  const fallbacks: Array<{ from: string; to: string }> = [];
  attempts.forEach((a, i) => {
    const next = i + 1 < attempts.length ? attempts[i + 1].provider : servedBy;
    if (next === undefined || next === a.provider) retries++;
    else fallbacks.push({ from: a.provider, to: next });
  });
  return { retries, fallbacks };
}

/** "2 retries, fell back from faults to sim-anthropic"; undefined without attempts. */
export function describeAttempts(
  attempts: readonly StreamAttempt[] | undefined,
  servedBy: string | undefined,
): string | undefined {
  if (!attempts || attempts.length === 0) return undefined;
  const { retries, fallbacks } = summarizeAttempts(attempts, servedBy);
  const parts: string[] = [];
  if (retries > 0) parts.push(`${retries} ${retries === 1 ? 'retry' : 'retries'}`);
  for (const f of fallbacks) parts.push(`fell back from ${f.from} to ${f.to}`);
  return parts.join(', ');
}

/** One attempt's label: "faults: HTTP 503 server_error, waited 250 ms". */
export function describeAttempt(a: StreamAttempt): string {
  const what = typeof a.status === 'number' ? `HTTP ${a.status} ${a.error}` : a.error;
  const wait =
    typeof a.waitMs === 'number' && a.waitMs > 0
      ? `, waited ${formatMs(a.waitMs)}`
      : ', went on at once';
  const retryAfter =
    typeof a.retryAfterMs === 'number' ? ` (Retry-After ${formatMs(a.retryAfterMs)})` : '';
  return `${a.provider}: ${what} at ${formatMs(a.atMs)}${retryAfter}${wait}`;
}
