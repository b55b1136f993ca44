/** The search's state in the URL (linkable), and `datetime-local` ⇄ ISO instant conversions. */
import {
  EMPTY_FILTER,
  FILTER_KEYS,
  HISTORY_STATUSES,
  type HistoryFilter,
  type HistoryStatus,
} from './history-api';

function isStatus(value: string | null): value is HistoryStatus {
  return value !== null && (HISTORY_STATUSES as readonly string[]).includes(value);
}

/** The filter a URL's query string says (unknown values ignored). */
export function readFilter(params: URLSearchParams): HistoryFilter {
  const status = params.get('status');
  const instant = (key: 'from' | 'to') => {
    const value = params.get(key) ?? '';
    return Number.isFinite(Date.parse(value)) ? value : '';
  };
  return {
    ...EMPTY_FILTER,
    q: params.get('q') ?? '',
    model: params.get('model') ?? '',
    provider: params.get('provider') ?? '',
    status: isStatus(status) ? status : '',
    goalId: params.get('goalId') ?? '',
    from: instant('from'),
    to: instant('to'),
  };
}

/** The page number in the URL (0-based; 0 when absent or broken). */
export function readPage(params: URLSearchParams): number {
  const page = Number.parseInt(params.get('page') ?? '0', 10);
  return Number.isFinite(page) && page > 0 ? page : 0;
}

/**
 * `prev` with the filter's values set (empty ones removed) and the page reset; other
 * parameters kept.
 */
export function writeFilter(prev: URLSearchParams, filter: HistoryFilter): URLSearchParams {
  const next = new URLSearchParams(prev);
  for (const key of FILTER_KEYS) {
    const value = filter[key].trim();
    if (value) next.set(key, value);
    else next.delete(key);
  }
  next.delete('page');
  return next;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** An ISO instant as a `datetime-local` value in the browser's zone ('' when invalid). */
export function isoToLocalInput(iso: string): string {
  const ms = Date.parse(iso);
  if (!iso || !Number.isFinite(ms)) return '';
  const d = new Date(ms);
  return (
    `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}` +
    `T${pad(d.getHours())}:${pad(d.getMinutes())}`
  );
}

/**
 * A `datetime-local` value (the browser's zone, `2026-12-06T10:00` or with seconds) as an ISO
 * instant without milliseconds (`2026-12-06T09:00:00Z`); '' when empty or invalid.
 */
export function localInputToIso(value: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?/.exec(value);
  if (!m) return '';
  const [, y, mo, d, h, mi, s] = m;
  const date = new Date(
    Number(y),
    Number(mo) - 1,
    Number(d),
    Number(h),
    Number(mi),
    Number(s ?? 0),
  );
  const ms = date.getTime();
  if (!Number.isFinite(ms)) return '';
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
