import { describe, expect, it } from 'vitest';
import {
  MIN_BAR_PERCENT,
  MIN_SPAN_MS,
  axisFor,
  barFor,
  formatOffset,
  tickStep,
  ticksFor,
} from './time-axis';
import type { TraceNode } from './trace-tree';

function node(start?: number, end?: number, children: TraceNode[] = []): TraceNode {
  return {
    id: `n${start}-${end}`,
    kind: 'run',
    label: 'n',
    status: 'x',
    start,
    end,
    open: false,
    children,
  };
}

describe('axisFor', () => {
  it('runs from the earliest start to the latest end of the whole tree', () => {
    const tree = node(1_000, 5_000, [node(500, 2_000), node(3_000, 9_000, [node(4_000, 12_000)])]);
    expect(axisFor(tree, 0)).toEqual({ origin: 500, span: 11_500 });
  });

  it('grows with now through the open rows (their end is now)', () => {
    expect(axisFor(node(1_000, 3_000), 99).span).toBe(2_000);
    expect(axisFor(node(1_000, 8_000), 99).span).toBe(7_000);
  });

  it('is at least a second long, and starts at now when nothing started', () => {
    expect(axisFor(node(1_000, 1_010), 0)).toEqual({ origin: 1_000, span: MIN_SPAN_MS });
    expect(axisFor(node(), 42)).toEqual({ origin: 42, span: MIN_SPAN_MS });
  });
});

describe('barFor', () => {
  const axis = { origin: 1_000, span: 10_000 };

  it('places a bar in percent of the axis', () => {
    expect(barFor(3_000, 8_000, axis)).toEqual({ left: 20, width: 50 });
    expect(barFor(1_000, 11_000, axis)).toEqual({ left: 0, width: 100 });
  });

  it('keeps an instant visible, inside the axis', () => {
    expect(barFor(6_000, 6_000, axis)).toEqual({ left: 50, width: MIN_BAR_PERCENT });
    expect(barFor(6_000, undefined, axis)).toEqual({ left: 50, width: MIN_BAR_PERCENT });
    expect(barFor(11_000, 11_000, axis)).toEqual({
      left: 100 - MIN_BAR_PERCENT,
      width: MIN_BAR_PERCENT,
    });
  });

  it('clamps times outside the axis, and has no bar before a start', () => {
    expect(barFor(0, 20_000, axis)).toEqual({ left: 0, width: 100 });
    expect(barFor(undefined, 5_000, axis)).toBeUndefined();
  });
});

describe('ticks', () => {
  it('chooses the smallest nice step with at most six intervals', () => {
    expect(tickStep(1_000)).toBe(200);
    expect(tickStep(6_000)).toBe(1_000);
    expect(tickStep(7_000)).toBe(2_000);
    expect(tickStep(45_000)).toBe(10_000);
    expect(tickStep(5 * 60_000)).toBe(60_000);
    expect(tickStep(3 * 86_400_000 * 6)).toBe(3 * 86_400_000);
  });

  it('puts ticks from 0 every step, labelled as the time since the goal started', () => {
    const ticks = ticksFor({ origin: 123, span: 7_500 });
    expect(ticks.map((t) => t.label)).toEqual(['0 s', '2 s', '4 s', '6 s']);
    expect(ticks.map((t) => t.left)).toEqual([0, (2 / 7.5) * 100, (4 / 7.5) * 100, 80]);
    expect(ticksFor({ origin: 0, span: 1_000 }).map((t) => t.label)).toEqual([
      '0 s',
      '0.2 s',
      '0.4 s',
      '0.6 s',
      '0.8 s',
      '1.0 s',
    ]);
  });

  it('formats offsets in seconds, minutes and hours', () => {
    expect(formatOffset(0)).toBe('0 s');
    expect(formatOffset(12_000)).toBe('12 s');
    expect(formatOffset(60_000)).toBe('1m');
    expect(formatOffset(90_000)).toBe('1m 30s');
    expect(formatOffset(2 * 3_600_000 + 5 * 60_000)).toBe('2h 05m');
  });
});
