import { describe, expect, it } from 'vitest';
import { OTHER_MODELS, costChart, daysBetween, type CostReport, type CostRow } from './costs';

function row(extra: Partial<CostRow>, costUsd: number): CostRow {
  return {
    streams: 1,
    inputTokens: 10,
    outputTokens: 1,
    cachedInputTokens: 0,
    costUsd,
    unpricedStreams: 0,
    ...extra,
  };
}

function report(extra: Partial<CostReport>): CostReport {
  return {
    from: '2026-05-01',
    to: '2026-05-03',
    total: row({}, 0),
    byDay: [],
    byModel: [],
    byModelAndDay: [],
    byGoal: [],
    byPrincipal: [],
    byKey: [],
    ...extra,
  };
}

describe('costChart', () => {
  it('has a bar for every day of the window, empty ones included', () => {
    expect(daysBetween('2026-04-29', '2026-05-02')).toEqual([
      '2026-04-29',
      '2026-04-30',
      '2026-05-01',
      '2026-05-02',
    ]);
    const chart = costChart(report({}));
    expect(chart.bars.map((b) => b.day)).toEqual(['2026-05-01', '2026-05-02', '2026-05-03']);
    expect(chart.bars.every((b) => b.segments.length === 0 && b.total === 0)).toBe(true);
    expect(chart.models).toEqual([]);
  });

  it('stacks the costliest models and sums the rest of each day as other models', () => {
    const chart = costChart(
      report({
        byDay: [row({ day: '2026-05-01' }, 0.6), row({ day: '2026-05-03' }, 0.1)],
        byModel: [row({ model: 'a' }, 0.4), row({ model: 'b' }, 0.25), row({ model: 'c' }, 0.05)],
        byModelAndDay: [
          row({ day: '2026-05-01', model: 'a' }, 0.4),
          row({ day: '2026-05-01', model: 'b' }, 0.15),
          row({ day: '2026-05-03', model: 'b' }, 0.1),
          row({ day: '2026-05-01', model: 'c' }, 0.05),
        ],
      }),
      2,
    );
    expect(chart.models).toEqual(['a', 'b', OTHER_MODELS]);
    expect(chart.max).toBeCloseTo(0.6);
    const [first, second, third] = chart.bars;
    expect(first.segments.map((s) => s.model)).toEqual(['a', 'b', OTHER_MODELS]);
    expect(first.segments[2].costUsd).toBeCloseTo(0.05);
    expect(second.segments).toEqual([]);
    expect(third.segments).toEqual([{ model: 'b', costUsd: 0.1 }]);
  });

  it('charts no model that cost nothing (unpriced ones)', () => {
    const chart = costChart(report({ byModel: [row({ model: 'free' }, 0)] }));
    expect(chart.models).toEqual([]);
  });
});
