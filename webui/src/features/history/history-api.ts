/**
 * Stream history search (`GET /api/streams` with `q`, `provider`, `from`, `to`) and its export
 * (`GET /api/streams/export?format=csv|json`), with the same filters.
 */
import { getJson } from '../../lib/api';
import type { Page } from '../goals/goals-api';
import type { StreamRecord } from '../streams/stream-records';

/** A list item: a record plus the last user message and a piece of the answer. */
export interface HistoryRecord extends StreamRecord {
  /** The last user message (at most 200 characters in lists). */
  prompt?: string | null;
  /** Up to ~160 characters of the answer around the first match of `q` (or its beginning). */
  excerpt?: string | null;
}

/** The statuses a search filters on (`active`: still streaming). */
export const HISTORY_STATUSES = [
  'active',
  'completed',
  'error',
  'cancelled',
  'interrupted',
] as const;
export type HistoryStatus = (typeof HISTORY_STATUSES)[number];

/** A phrase needs this many characters (the server refuses fewer, or more than the max). */
export const QUERY_MIN = 2;
export const QUERY_MAX = 200;

export interface HistoryFilter {
  /** Phrase in the prompt or the answer (case-insensitive). */
  q: string;
  model: string;
  provider: string;
  status: HistoryStatus | '';
  goalId: string;
  /** ISO-8601 instants on `startedAt`, or ''. */
  from: string;
  to: string;
}

export const EMPTY_FILTER: HistoryFilter = {
  q: '',
  model: '',
  provider: '',
  status: '',
  goalId: '',
  from: '',
  to: '',
};

export const FILTER_KEYS = ['q', 'model', 'provider', 'status', 'goalId', 'from', 'to'] as const;

/** True when the phrase is one the server searches for (too short: no phrase at all). */
export function usableQuery(q: string): boolean {
  const t = q.trim();
  return t.length >= QUERY_MIN && t.length <= QUERY_MAX;
}

/** The filter as query parameters (empty ones and an unusable phrase left out). */
export function filterParams(filter: HistoryFilter): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const value = filter[key].trim();
    if (value === '' || (key === 'q' && !usableQuery(value))) continue;
    params.set(key, value);
  }
  return params;
}

export function historyUrl(filter: HistoryFilter, page: number, size: number): string {
  const params = filterParams(filter);
  params.set('page', String(page));
  params.set('size', String(size));
  return `/api/streams?${params.toString()}`;
}

export type ExportFormat = 'csv' | 'json';

/** The download of every record the filter matches (at most 10,000, newest first). */
export function exportUrl(filter: HistoryFilter, format: ExportFormat): string {
  const params = new URLSearchParams({ format });
  for (const [key, value] of filterParams(filter)) params.set(key, value);
  return `/api/streams/export?${params.toString()}`;
}

export function listHistory(
  filter: HistoryFilter,
  page: number,
  size: number,
  signal?: AbortSignal,
): Promise<Page<HistoryRecord>> {
  return getJson<Page<HistoryRecord>>(historyUrl(filter, page, size), {
    signal,
    action: 'search streams',
  });
}
