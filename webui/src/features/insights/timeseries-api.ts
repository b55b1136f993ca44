/** Stream metrics over time (`GET /api/metrics/timeseries?range=…`); mirrors the server's records. */
import { getJson } from '../../lib/api';

/** The ranges the server accepts, shortest first. */
export const RANGES = ['15m', '1h', '6h', '24h', '7d'] as const;
export type Range = (typeof RANGES)[number];

export const DEFAULT_RANGE: Range = '1h';

/** Words for a range ("last 15 minutes"), for labels and accessible names. */
export const RANGE_LABELS: Record<Range, { short: string; long: string }> = {
  '15m': { short: '15 min', long: 'last 15 minutes' },
  '1h': { short: '1 h', long: 'last hour' },
  '6h': { short: '6 h', long: 'last 6 hours' },
  '24h': { short: '24 h', long: 'last 24 hours' },
  '7d': { short: '7 days', long: 'last 7 days' },
};

export function isRange(value: unknown): value is Range {
  return typeof value === 'string' && (RANGES as readonly string[]).includes(value);
}

/** One bucket of one model's streams (only buckets with data are sent). */
export interface ModelPoint {
  /** Bucket start, epoch ms. */
  t: number;
  streams: number;
  errors: number;
  ttftP50Ms: number | null;
  ttftP95Ms: number | null;
  tokensPerSecond: number | null;
}

export interface ModelSeries {
  model: string;
  points: ModelPoint[];
}

/** Failed streams of the range by provider and error type. */
export interface ErrorCount {
  provider: string;
  type: string;
  count: number;
}

/** All models' streams of one bucket. */
export interface TotalPoint {
  t: number;
  streams: number;
  errors: number;
}

export interface Timeseries {
  range: Range | string;
  /** Epoch ms. */
  from: number;
  to: number;
  bucketMs: number;
  models: ModelSeries[];
  errors: ErrorCount[];
  totals: TotalPoint[];
}

export function timeseriesUrl(range: Range): string {
  return `/api/metrics/timeseries?range=${encodeURIComponent(range)}`;
}

export function getTimeseries(range: Range, signal?: AbortSignal): Promise<Timeseries> {
  return getJson<Timeseries>(timeseriesUrl(range), { signal, action: 'view stream metrics' });
}
