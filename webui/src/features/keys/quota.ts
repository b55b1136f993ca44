/**
 * Quotas (`GET /api/quota`, and each key's `quota` in `GET /api/keys`): limits and what is used
 * now. Mirrors `client/QuotaStatus.java`: a limit of 0 is unlimited, `requestsAvailable` is -1
 * without a request limit.
 */
import { getJson } from '../../lib/api';
import { formatCount, formatUsd } from '../../lib/format';

export interface QuotaStatus {
  /** Requests that start model work, per minute (0: unlimited). */
  requestsPerMinute: number;
  /** LLM calls at once (0: unlimited). */
  concurrentStreams: number;
  /** Tokens per UTC day (0: unlimited). */
  tokensPerDay: number;
  /** LLM calls running now. */
  activeStreams: number;
  /** Tokens used since UTC midnight. */
  tokensToday: number;
  /** Requests that may start now; -1 without a request limit. */
  requestsAvailable: number;
  /** What a UTC day's calls may cost, in USD (0: unlimited); absent on older servers. */
  usdPerDay?: number | null;
  /** What the calls since UTC midnight cost, in USD (models without a price count nothing). */
  usdToday?: number | null;
}

export const UNLIMITED = 'unlimited';

/** The caller's own quota and usage. */
export function getQuota(signal?: AbortSignal): Promise<QuotaStatus> {
  return getJson<QuotaStatus>('/api/quota', { signal, action: 'view your quota' });
}

export function isUnlimited(limit: number | null | undefined): boolean {
  return limit == null || !Number.isFinite(limit) || limit <= 0;
}

/** "60", "100,000" or "unlimited" (`format`: how a value is written, counts by default). */
export function formatLimit(
  limit: number | null | undefined,
  format: (n: number) => string = formatCount,
): string {
  return isUnlimited(limit) ? UNLIMITED : format(limit ?? 0);
}

/** "1,234 / 100,000", or "1,234 / unlimited". */
export function formatUsage(
  used: number,
  limit: number,
  format: (n: number) => string = formatCount,
): string {
  return `${format(used)} / ${formatLimit(limit, format)}`;
}

/** Amounts of money in quotas: "$0.25 / $2.00". */
export const formatMoney = (n: number): string => formatUsd(n);

/** Whether the server reports spend (a quota of a server before spend limits has none). */
export function hasSpend(q: QuotaStatus): boolean {
  return typeof q.usdToday === 'number' && typeof q.usdPerDay === 'number';
}

/** How full a limit is, 0..1 (more than full counts as full); undefined when unlimited. */
export function usageRatio(used: number, limit: number): number | undefined {
  if (isUnlimited(limit)) return undefined;
  return Math.min(1, Math.max(0, used / limit));
}

export type MeterTone = 'ok' | 'warn' | 'danger';

/** Full is danger (the next call is refused), from 80 % a warning. */
export function meterTone(ratio: number): MeterTone {
  if (ratio >= 1) return 'danger';
  if (ratio >= 0.8) return 'warn';
  return 'ok';
}

/** "58 of 60 available now", or "unlimited". */
export function describeRequests(q: QuotaStatus): string {
  if (isUnlimited(q.requestsPerMinute) || q.requestsAvailable < 0) return UNLIMITED;
  return `${formatCount(q.requestsAvailable)} of ${formatCount(q.requestsPerMinute)} available now`;
}
