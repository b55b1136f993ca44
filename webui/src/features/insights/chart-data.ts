/**
 * Shapes a {@link Timeseries} for the dashboard's charts: a full bucket grid (the server sends
 * only buckets with data), one line per model, streams per minute, error bars, scales and ticks.
 * Pure functions only.
 */
import type { ModelPoint, Range, Timeseries } from './timeseries-api';

/** Models charted on their own (the busiest); the rest are counted in a note. */
export const MAX_MODELS = 6;

export type PointField = 'ttftP50Ms' | 'ttftP95Ms' | 'tokensPerSecond';

/** One model's values on the grid; null where it had no stream (the line breaks there). */
export interface ModelLine {
  model: string;
  values: Array<number | null>;
}

export interface StreamsBar {
  t: number;
  streams: number;
  errors: number;
  perMinute: number;
  errorsPerMinute: number;
}

export interface ErrorBar {
  provider: string;
  type: string;
  count: number;
  /** Of the largest count, 0..1. */
  share: number;
}

/**
 * Every bucket start from the range's first to its last (aligned to `bucketMs`), plus any bucket
 * the server sent off that grid; oldest first.
 */
export function bucketGrid(ts: Timeseries): number[] {
  const step = ts.bucketMs > 0 ? ts.bucketMs : 60_000;
  const seen = new Set<number>();
  const start = Math.floor(ts.from / step) * step;
  // At most a few hundred buckets per range; the cap guards against a broken answer.
  for (let t = start, n = 0; t < ts.to && n < 2_000; t += step, n++) seen.add(t);
  for (const m of ts.models) for (const p of m.points) seen.add(p.t);
  for (const p of ts.totals) seen.add(p.t);
  return [...seen].sort((a, b) => a - b);
}

/** True when the range has no stream at all. */
export function isEmpty(ts: Timeseries): boolean {
  return (
    ts.totals.every((p) => p.streams === 0) &&
    ts.models.every((m) => m.points.length === 0) &&
    ts.errors.length === 0
  );
}

/** The busiest `max` models (most streams; ties by name) and how many are left out. */
export function chartModels(
  ts: Timeseries,
  max = MAX_MODELS,
): { models: string[]; hidden: number } {
  const counted = ts.models
    .filter((m) => m.points.length > 0)
    .map((m) => ({ model: m.model, streams: m.points.reduce((s, p) => s + p.streams, 0) }))
    .sort((a, b) => b.streams - a.streams || a.model.localeCompare(b.model));
  return {
    models: counted.slice(0, max).map((m) => m.model),
    hidden: Math.max(0, counted.length - max),
  };
}

function finite(value: number | null | undefined): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** `field` of each of `models` on the grid. */
export function modelLines(
  ts: Timeseries,
  field: PointField,
  grid: readonly number[],
  models: readonly string[],
): ModelLine[] {
  return models.map((model) => {
    const byT = new Map<number, ModelPoint>();
    for (const p of ts.models.find((m) => m.model === model)?.points ?? []) byT.set(p.t, p);
    return { model, values: grid.map((t) => finite(byT.get(t)?.[field])) };
  });
}

/** Streams (and errors) per minute of every bucket on the grid; zero where none ran. */
export function streamsPerMinute(ts: Timeseries, grid: readonly number[]): StreamsBar[] {
  const minutes = (ts.bucketMs > 0 ? ts.bucketMs : 60_000) / 60_000;
  const byT = new Map(ts.totals.map((p) => [p.t, p]));
  return grid.map((t) => {
    const p = byT.get(t);
    const streams = p?.streams ?? 0;
    const errors = p?.errors ?? 0;
    return { t, streams, errors, perMinute: streams / minutes, errorsPerMinute: errors / minutes };
  });
}

/** Error counts, largest first (ties by provider, then type). */
export function errorBars(ts: Timeseries): ErrorBar[] {
  const rows = ts.errors
    .filter((e) => e.count > 0)
    .sort(
      (a, b) =>
        b.count - a.count || a.provider.localeCompare(b.provider) || a.type.localeCompare(b.type),
    );
  const max = rows.reduce((m, e) => Math.max(m, e.count), 0);
  return rows.map((e) => ({ ...e, share: max > 0 ? e.count / max : 0 }));
}

/** The smallest of 1, 2, 2.5, 5 × 10ⁿ at or above `value` (1 at least). */
export function niceCeiling(value: number): number {
  if (!(value > 1)) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) {
    if (value <= step * magnitude + 1e-9) return step * magnitude;
  }
  return 10 * magnitude;
}

/** The y-axis top for these values: a nice number above the largest (with a little headroom). */
export function yCeiling(values: Iterable<number | null>): number {
  let max = 0;
  for (const v of values) if (v !== null && v > max) max = v;
  return niceCeiling(max * 1.05);
}

/**
 * An SVG path through the points; a null value ends the segment (a gap, not a drop to zero).
 * A point with no neighbour gives a lone `M` (its marker shows it).
 */
export function linePath(
  values: ReadonlyArray<number | null>,
  x: (i: number) => number,
  y: (v: number) => number,
): string {
  const parts: string[] = [];
  let open = false;
  values.forEach((v, i) => {
    if (v === null) {
      open = false;
      return;
    }
    parts.push(`${open ? 'L' : 'M'}${x(i).toFixed(1)},${y(v).toFixed(1)}`);
    open = true;
  });
  return parts.join(' ');
}

/** Five evenly spaced times from the first bucket to the end of the range. */
export function timeTicks(start: number, end: number, count = 5): number[] {
  if (!(end > start)) return [start];
  return Array.from({ length: count }, (_, i) => start + ((end - start) * i) / (count - 1));
}

/** A tick label: the time of day, with the day for the 7-day range. */
export function formatTick(t: number, range: Range | string): string {
  const date = new Date(t);
  const time = date.toLocaleTimeString(undefined, {
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  });
  if (range !== '7d') return time;
  return date.toLocaleDateString(undefined, { month: 'short', day: 'numeric' });
}

/** "14:05" or "Dec 6, 14:05": a bucket's start in tables and tooltips. */
export function formatBucket(t: number, range: Range | string): string {
  const date = new Date(t);
  return date.toLocaleString(undefined, {
    ...(range === '7d' || range === '24h' ? { month: 'short', day: 'numeric' } : {}),
    hour: '2-digit',
    minute: '2-digit',
    ...(range === '15m' ? { second: '2-digit' } : {}),
    hour12: false,
  });
}

/**
 * The indexes of `values` that get a marker: every point with no neighbour (it has no line to
 * show it) and about `target` more spread evenly, so a dense line still shows its shape.
 */
export function markerIndexes(values: ReadonlyArray<number | null>, target = 12): number[] {
  const present = values.flatMap((v, i) => (v === null ? [] : [i]));
  const every = Math.max(1, Math.ceil(present.length / target));
  return present.filter((i, n) => {
    const lone = values[i - 1] == null && values[i + 1] == null;
    return lone || n % every === 0 || n === present.length - 1;
  });
}
