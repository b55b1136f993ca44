/** ISO-8601 timestamps from the REST API. */
import { DASH } from './format';

export function parseIso(value: string | number | null | undefined): number | undefined {
  if (value === null || value === undefined) return undefined;
  const ms = typeof value === 'number' ? value : Date.parse(value);
  return Number.isFinite(ms) ? ms : undefined;
}

export function formatDateTime(value: string | number | null | undefined): string {
  const ms = parseIso(value);
  if (ms === undefined) return DASH;
  return new Date(ms).toLocaleString(undefined, {
    hour12: false,
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
}

/** "12s ago", "5m ago", "3h ago", "2d ago". */
export function formatAgo(value: string | number | null | undefined, now = Date.now()): string {
  const ms = parseIso(value);
  if (ms === undefined) return DASH;
  const s = Math.max(0, Math.round((now - ms) / 1000));
  if (s < 60) return `${s}s ago`;
  if (s < 3600) return `${Math.floor(s / 60)}m ago`;
  if (s < 86_400) return `${Math.floor(s / 3600)}h ago`;
  return `${Math.floor(s / 86_400)}d ago`;
}
