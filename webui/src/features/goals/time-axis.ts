/**
 * The trace's one shared time axis: x is the time since the goal started, the axis ends at the
 * last thing that happened (or now, while the goal runs), so it grows as the goal runs. Pure
 * maths: positions as percentages of the axis, and "nice" ticks.
 */
import type { TraceNode } from './trace-tree';

export interface TimeAxis {
  /** Epoch ms at x = 0 (the goal's start). */
  readonly origin: number;
  /** Length of the axis (ms), at least {@link MIN_SPAN_MS}. */
  readonly span: number;
}

/** A goal that just started still gets a readable axis (1 s). */
export const MIN_SPAN_MS = 1_000;

function collect(node: TraceNode, starts: number[], ends: number[]): void {
  if (node.start !== undefined) starts.push(node.start);
  if (node.end !== undefined) ends.push(node.end);
  for (const c of node.children) collect(c, starts, ends);
}

/** The axis covering every node of the tree (none started: an axis of {@link MIN_SPAN_MS}). */
export function axisFor(root: TraceNode, now: number): TimeAxis {
  const starts: number[] = [];
  const ends: number[] = [];
  collect(root, starts, ends);
  const origin = starts.length > 0 ? Math.min(...starts) : now;
  const last = Math.max(origin, ...starts, ...ends);
  return { origin, span: Math.max(MIN_SPAN_MS, last - origin) };
}

export interface Bar {
  /** Percent of the axis from its left edge. */
  readonly left: number;
  /** Percent of the axis; never below {@link MIN_BAR_PERCENT} so an instant stays visible. */
  readonly width: number;
}

export const MIN_BAR_PERCENT = 0.4;

function clampPercent(value: number): number {
  return Math.min(100, Math.max(0, value));
}

/** Where a node's bar goes on the axis; undefined for a node that has not started. */
export function barFor(
  start: number | undefined,
  end: number | undefined,
  axis: TimeAxis,
): Bar | undefined {
  if (start === undefined) return undefined;
  const left = clampPercent(((start - axis.origin) / axis.span) * 100);
  const right = clampPercent((((end ?? start) - axis.origin) / axis.span) * 100);
  const width = Math.max(MIN_BAR_PERCENT, right - left);
  return { left: Math.min(left, 100 - MIN_BAR_PERCENT), width };
}

/** Tick steps (ms) the axis chooses from. */
const STEPS = [
  100, 200, 500, 1_000, 2_000, 5_000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000,
  900_000, 1_800_000, 3_600_000, 7_200_000, 21_600_000, 43_200_000, 86_400_000,
];

/** The smallest step giving at most `maxTicks` intervals over `span`. */
export function tickStep(span: number, maxTicks = 6): number {
  for (const step of STEPS) {
    if (span / step <= maxTicks) return step;
  }
  return Math.ceil(span / maxTicks / 86_400_000) * 86_400_000;
}

export interface Tick {
  /** Ms since the origin. */
  readonly at: number;
  /** Percent of the axis. */
  readonly left: number;
  readonly label: string;
}

/** Ticks from 0 every {@link tickStep}, within the axis. */
export function ticksFor(axis: TimeAxis, maxTicks = 6): Tick[] {
  const step = tickStep(axis.span, maxTicks);
  const ticks: Tick[] = [];
  for (let at = 0; at <= axis.span; at += step) {
    ticks.push({ at, left: (at / axis.span) * 100, label: formatOffset(at, step) });
  }
  return ticks;
}

/** An offset from the goal's start: `0 s`, `0.5 s`, `12 s`, `1m 30s`, `2h 05m`. */
export function formatOffset(ms: number, step = 1_000): string {
  if (ms === 0) return '0 s';
  if (ms < 60_000)
    return step < 1_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`;
  if (ms < 3_600_000) {
    const m = Math.floor(ms / 60_000);
    const s = Math.round((ms % 60_000) / 1000);
    return s === 0 ? `${m}m` : `${m}m ${String(s).padStart(2, '0')}s`;
  }
  const h = Math.floor(ms / 3_600_000);
  const m = Math.round((ms % 3_600_000) / 60_000);
  return `${h}h ${String(m).padStart(2, '0')}m`;
}
