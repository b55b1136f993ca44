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

export async function getTimeseries(range: Range, signal?: AbortSignal): Promise<Timeseries> {
  const raw = await getJson<unknown>(timeseriesUrl(range), {
    signal,
    action: 'view stream metrics',
  });
  return normalizeTimeseries(raw, range);
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const count = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
const maybe = (v: unknown): number | null =>
  typeof v === 'number' && Number.isFinite(v) ? v : null;
const list = (v: unknown): Record<string, unknown>[] =>
  Array.isArray(v) ? v.filter(isObject) : [];

/**
 * The answer with every member the charts read present and of the right type (missing lists
 * empty, missing numbers 0 or null, points without a time dropped), so a partial or older answer
 * draws what it has instead of breaking the page.
 */
export function normalizeTimeseries(raw: unknown, range: Range): Timeseries {
  const body = isObject(raw) ? raw : {};
  const to = typeof body.to === 'number' ? body.to : Date.now();
  const from = typeof body.from === 'number' ? body.from : to;
  const hasT = (p: Record<string, unknown>) => typeof p.t === 'number' && Number.isFinite(p.t);
  return {
    range: typeof body.range === 'string' ? body.range : range,
    from,
    to,
    bucketMs: count(body.bucketMs) > 0 ? count(body.bucketMs) : 60_000,
    models: list(body.models).map((m) => ({
      model: String(m.model ?? ''),
      points: list(m.points)
        .filter(hasT)
        .map((p) => ({
          t: p.t as number,
          streams: count(p.streams),
          errors: count(p.errors),
          ttftP50Ms: maybe(p.ttftP50Ms),
          ttftP95Ms: maybe(p.ttftP95Ms),
          tokensPerSecond: maybe(p.tokensPerSecond),
        })),
    })),
    errors: list(body.errors).map((e) => ({
      provider: String(e.provider ?? ''),
      type: String(e.type ?? ''),
      count: count(e.count),
    })),
    totals: list(body.totals)
      .filter(hasT)
      .map((p) => ({ t: p.t as number, streams: count(p.streams), errors: count(p.errors) })),
  };
}
