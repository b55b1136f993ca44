import { describe, expect, it } from 'vitest';
import {
  bucketGrid,
  chartModels,
  errorBars,
  isEmpty,
  linePath,
  markerIndexes,
  modelLines,
  niceCeiling,
  streamsPerMinute,
  timeTicks,
  yCeiling,
} from './chart-data';
import { normalizeTimeseries, type ModelPoint, type Timeseries } from './timeseries-api';

const MIN = 60_000;
const T0 = Date.UTC(2026, 11, 6, 10, 0, 0);

function point(t: number, extra: Partial<ModelPoint> = {}): ModelPoint {
  return {
    t,
    streams: 1,
    errors: 0,
    ttftP50Ms: 100,
    ttftP95Ms: 200,
    tokensPerSecond: 30,
    ...extra,
  };
}

function series(extra: Partial<Timeseries> = {}): Timeseries {
  return {
    range: '15m',
    from: T0 + 10_000, // not on a bucket boundary
    to: T0 + 5 * MIN + 10_000,
    bucketMs: MIN,
    models: [],
    errors: [],
    totals: [],
    ...extra,
  };
}

describe('bucketGrid', () => {
  it('lists every aligned bucket of the range, gaps included', () => {
    expect(bucketGrid(series())).toEqual([0, 1, 2, 3, 4, 5].map((i) => T0 + i * MIN));
  });

  it('keeps a bucket the server sent off the grid, in order', () => {
    const ts = series({ totals: [{ t: T0 + 90_000, streams: 1, errors: 0 }] });
    const grid = bucketGrid(ts);
    expect(grid).toContain(T0 + 90_000);
    expect([...grid].sort((a, b) => a - b)).toEqual(grid);
  });
});

describe('modelLines', () => {
  it('puts values on the grid and null where the model had no stream', () => {
    const ts = series({
      models: [{ model: 'a', points: [point(T0 + MIN, { ttftP50Ms: 120 }), point(T0 + 3 * MIN)] }],
    });
    const grid = bucketGrid(ts);
    const [line] = modelLines(ts, 'ttftP50Ms', grid, ['a']);
    expect(line.values).toEqual([null, 120, null, 100, null, null]);
  });

  it('treats a null or missing metric as a gap', () => {
    const ts = series({
      models: [{ model: 'a', points: [point(T0, { tokensPerSecond: null })] }],
    });
    expect(modelLines(ts, 'tokensPerSecond', bucketGrid(ts), ['a'])[0].values[0]).toBeNull();
  });
});

describe('chartModels', () => {
  it('charts the busiest models and counts the rest', () => {
    const ts = series({
      models: ['m1', 'm2', 'm3'].map((model, i) => ({
        model,
        points: [point(T0, { streams: i + 1 })],
      })),
    });
    expect(chartModels(ts, 2)).toEqual({ models: ['m3', 'm2'], hidden: 1 });
  });

  it('skips models without points', () => {
    const ts = series({ models: [{ model: 'idle', points: [] }] });
    expect(chartModels(ts)).toEqual({ models: [], hidden: 0 });
  });
});

describe('streamsPerMinute', () => {
  it('divides by the bucket length in minutes and fills gaps with zero', () => {
    const ts = series({
      bucketMs: 30_000,
      from: T0,
      to: T0 + MIN,
      totals: [{ t: T0 + 30_000, streams: 3, errors: 1 }],
    });
    expect(streamsPerMinute(ts, bucketGrid(ts))).toEqual([
      { t: T0, streams: 0, errors: 0, perMinute: 0, errorsPerMinute: 0 },
      { t: T0 + 30_000, streams: 3, errors: 1, perMinute: 6, errorsPerMinute: 2 },
    ]);
  });
});

describe('errorBars', () => {
  it('sorts by count, then provider and type, with the share of the largest', () => {
    const ts = series({
      errors: [
        { provider: 'sim', type: 'timeout', count: 1 },
        { provider: 'openai', type: 'http_500', count: 4 },
        { provider: 'anthropic', type: 'timeout', count: 1 },
        { provider: 'x', type: 'none', count: 0 },
      ],
    });
    expect(errorBars(ts)).toEqual([
      { provider: 'openai', type: 'http_500', count: 4, share: 1 },
      { provider: 'anthropic', type: 'timeout', count: 1, share: 0.25 },
      { provider: 'sim', type: 'timeout', count: 1, share: 0.25 },
    ]);
  });
});

describe('isEmpty', () => {
  it('is true without streams, false with any', () => {
    expect(isEmpty(series())).toBe(true);
    expect(isEmpty(series({ totals: [{ t: T0, streams: 1, errors: 0 }] }))).toBe(false);
  });
});

describe('scales', () => {
  it('rounds up to a nice ceiling', () => {
    expect(niceCeiling(0)).toBe(1);
    expect(niceCeiling(7)).toBe(10);
    expect(niceCeiling(180)).toBe(200);
    expect(niceCeiling(2100)).toBe(2500);
    expect(niceCeiling(500)).toBe(500);
  });

  it('leaves headroom above the largest value and ignores nulls', () => {
    expect(yCeiling([null, 95, 40])).toBe(100);
    expect(yCeiling([100])).toBe(200);
    expect(yCeiling([null])).toBe(1);
  });

  it('spaces time ticks evenly over the range', () => {
    expect(timeTicks(0, 100)).toEqual([0, 25, 50, 75, 100]);
    expect(timeTicks(5, 5)).toEqual([5]);
  });
});

describe('linePath', () => {
  it('breaks the line at nulls instead of dropping to zero', () => {
    const path = linePath(
      [1, 2, null, 4, null, 6],
      (i) => i * 10,
      (v) => v,
    );
    expect(path).toBe('M0.0,1.0 L10.0,2.0 M30.0,4.0 M50.0,6.0');
  });

  it('is empty without values', () => {
    expect(
      linePath(
        [null, null],
        (i) => i,
        (v) => v,
      ),
    ).toBe('');
  });
});

describe('normalizeTimeseries', () => {
  it('fills in what a partial answer leaves out', () => {
    const ts = normalizeTimeseries(
      {
        from: 1,
        to: 2,
        models: [{ model: 'a', points: [{ t: 5, streams: 2, ttftP50Ms: 'x' }, { streams: 1 }] }],
        errors: 'nope',
      },
      '6h',
    );
    expect(ts).toEqual({
      range: '6h',
      from: 1,
      to: 2,
      bucketMs: 60_000,
      models: [
        {
          model: 'a',
          points: [
            {
              t: 5,
              streams: 2,
              errors: 0,
              ttftP50Ms: null,
              ttftP95Ms: null,
              tokensPerSecond: null,
            },
          ],
        },
      ],
      errors: [],
      totals: [],
    });
    expect(isEmpty(normalizeTimeseries(null, '1h'))).toBe(true);
  });
});

describe('markerIndexes', () => {
  it('marks every point of a sparse line', () => {
    expect(markerIndexes([1, null, 2, null, null, 3])).toEqual([0, 2, 5]);
  });

  it('thins a dense line to about the target, keeping lone points and the last', () => {
    const values: Array<number | null> = Array.from({ length: 40 }, (_, i) => i);
    values[30] = null;
    values[32] = null; // 31 stands alone
    expect(markerIndexes(values, 5)).toEqual([0, 8, 16, 24, 31, 34, 39]);
  });
});
