import { describe, expect, it } from 'vitest';
import {
  MAX_ARRIVALS,
  appendArrival,
  arrivalsFromTimings,
  bucketSize,
  compactArrivals,
  computeTimeline,
  isStalled,
  mergeArrivals,
  type Arrival,
} from './timeline';

const START = 10_000;

/** Arrivals at the given ms after START, each `len` characters. */
function at(offsets: number[], len = 4): Arrival[] {
  return offsets.map((o) => ({ t: START + o, len, n: 1 }));
}

describe('computeTimeline', () => {
  it('measures TTFT, the gaps and the longest gap with where it was', () => {
    const t = computeTimeline({
      startedAt: START,
      arrivals: at([300, 350, 400, 1_400, 1_450]),
      stallAfterMs: 5_000,
    });
    expect(t.ttftMs).toBe(300);
    expect(t.offsets).toEqual([300, 350, 400, 1_400, 1_450]);
    expect(t.gaps.map((g) => g.ms)).toEqual([50, 50, 1_000, 50]);
    expect(t.longestGap).toEqual({ ms: 1_000, index: 3, fromMs: 400, toMs: 1_400 });
    expect(t.totalChars).toBe(20);
    expect(t.totalChunks).toBe(5);
    expect(t.endMs).toBe(1_450);
    expect(t.stalls).toEqual([]);
  });

  it('has no TTFT, gaps or rates without arrivals', () => {
    const t = computeTimeline({ startedAt: START, arrivals: [], stallAfterMs: 1_000 });
    expect(t.ttftMs).toBeUndefined();
    expect(t.gaps).toEqual([]);
    expect(t.longestGap).toBeUndefined();
    expect(t.tpotMs).toBeUndefined();
    expect(t.tokensPerSecond).toBeUndefined();
    expect(t.rate).toEqual([]);
  });

  it('keeps the first of equally long gaps as the longest', () => {
    const t = computeTimeline({
      startedAt: START,
      arrivals: at([0, 100, 200]),
      stallAfterMs: 1_000,
    });
    expect(t.longestGap?.index).toBe(1);
  });

  it('clamps arrivals before the start (clock jitter) to 0', () => {
    const t = computeTimeline({
      startedAt: START,
      arrivals: [{ t: START - 5, len: 1, n: 1 }],
      stallAfterMs: 1_000,
    });
    expect(t.ttftMs).toBe(0);
  });

  it('computes TPOT per output token when the count is known (at least 2)', () => {
    const t = computeTimeline({
      startedAt: START,
      arrivals: at([200, 700, 1_200]),
      outputTokens: 11,
      stallAfterMs: 5_000,
    });
    expect(t.tpotMs).toBe(100); // (1200 - 200) / (11 - 1)
    expect(t.tpotPer).toBe('token');
    expect(t.tokensPerSecond).toBeCloseTo(10); // 10 tokens after the first in 1 s
  });

  it('computes TPOT per chunk without a token count, counting merged chunks', () => {
    const arrivals: Arrival[] = [
      { t: START + 100, len: 3, n: 1 },
      { t: START + 300, len: 6, n: 2 },
      { t: START + 500, len: 3, n: 1 },
    ];
    const t = computeTimeline({ startedAt: START, arrivals, stallAfterMs: 5_000 });
    expect(t.tpotPer).toBe('chunk');
    expect(t.tpotMs).toBeCloseTo(400 / 3);
  });

  it('has no TPOT with a single chunk or a single token', () => {
    expect(
      computeTimeline({ startedAt: START, arrivals: at([100]), stallAfterMs: 1 }).tpotMs,
    ).toBeUndefined();
    expect(
      computeTimeline({
        startedAt: START,
        arrivals: at([100, 200]),
        outputTokens: 1,
        stallAfterMs: 1,
      }).tpotMs,
    ).toBeUndefined();
  });

  it('marks every gap above the threshold as a stall (not one equal to it)', () => {
    const t = computeTimeline({
      startedAt: START,
      arrivals: at([100, 1_100, 3_200, 3_300, 6_400]),
      stallAfterMs: 1_000,
    });
    expect(t.stalls).toEqual([
      { fromMs: 1_100, toMs: 3_200, open: false },
      { fromMs: 3_300, toMs: 6_400, open: false },
    ]);
  });

  it('adds an open stall while streaming and silent for longer than the threshold', () => {
    const base = { startedAt: START, arrivals: at([100, 200]), stallAfterMs: 1_000 };
    expect(computeTimeline({ ...base, streaming: true, nowMs: 1_200 }).stalls).toEqual([]);
    const t = computeTimeline({ ...base, streaming: true, nowMs: 1_201 });
    expect(t.stalls).toEqual([{ fromMs: 200, toMs: 1_201, open: true }]);
    expect(t.endMs).toBe(1_201);
    // A finished stream has no open stall, whatever "now" is.
    expect(computeTimeline({ ...base, streaming: false, nowMs: 99_000 }).stalls).toEqual([]);
  });

  it('buckets tokens/s over the run, scaling characters to the known token count', () => {
    const t = computeTimeline({
      startedAt: START,
      arrivals: at([0, 50, 100, 150, 1_000], 10),
      outputTokens: 25,
      stallAfterMs: 5_000,
      maxBuckets: 10,
    });
    expect(t.bucketMs).toBe(100);
    expect(t.rate).toHaveLength(11);
    // 2 arrivals × 10 chars × 0.5 tokens/char = 10 tokens in 100 ms = 100 tokens/s
    expect(t.rate[0]).toEqual({ atMs: 0, tokensPerSecond: 100, chars: 20 });
    expect(t.rate[1]).toEqual({ atMs: 100, tokensPerSecond: 100, chars: 20 });
    expect(t.rate[5].tokensPerSecond).toBe(0);
    expect(t.rate[10]).toEqual({ atMs: 1_000, tokensPerSecond: 50, chars: 10 });
    const tokens = t.rate.reduce((sum, p) => sum + (p.tokensPerSecond * t.bucketMs) / 1000, 0);
    expect(tokens).toBeCloseTo(25);
  });

  it('counts one token per chunk in the series without a token count', () => {
    const t = computeTimeline({
      startedAt: START,
      arrivals: [{ t: START + 10, len: 8, n: 3 }],
      stallAfterMs: 5_000,
      maxBuckets: 10,
    });
    expect(t.bucketMs).toBe(50);
    expect(t.rate).toEqual([{ atMs: 0, tokensPerSecond: 60, chars: 8 }]);
  });

  it('extends the series to now while streaming', () => {
    const t = computeTimeline({
      startedAt: START,
      arrivals: at([100]),
      streaming: true,
      nowMs: 2_000,
      stallAfterMs: 5_000,
      maxBuckets: 20,
    });
    expect(t.bucketMs).toBe(100);
    expect(t.rate).toHaveLength(21);
    expect(t.rate.at(-1)?.tokensPerSecond).toBe(0);
  });
});

describe('bucketSize', () => {
  it('rounds up to 1, 2, 2.5 or 5 times a power of ten, at least 50 ms', () => {
    expect(bucketSize(10, 60)).toBe(50);
    expect(bucketSize(6_000, 60)).toBe(100);
    expect(bucketSize(7_000, 60)).toBe(200);
    expect(bucketSize(13_000, 60)).toBe(250);
    expect(bucketSize(20_000, 60)).toBe(500);
    expect(bucketSize(70_000, 60)).toBe(2_000);
  });
});

describe('bounded arrivals', () => {
  it('keeps everything up to the bound', () => {
    const arrivals: Arrival[] = [];
    for (let i = 0; i < 4; i++) appendArrival(arrivals, { t: i, len: 1, n: 1 }, 4);
    expect(arrivals.map((a) => a.t)).toEqual([0, 1, 2, 3]);
  });

  it('merges adjacent pairs beyond the bound: lengths summed, the later time kept', () => {
    const arrivals: Arrival[] = [];
    for (let i = 0; i < 5; i++) appendArrival(arrivals, { t: i * 10, len: i + 1, n: 1 }, 4);
    expect(arrivals).toEqual([
      { t: 10, len: 3, n: 2 },
      { t: 30, len: 7, n: 2 },
      { t: 40, len: 5, n: 1 },
    ]);
  });

  it('stays within the bound over a long run, covering all of it with nothing lost', () => {
    const arrivals: Arrival[] = [];
    const total = 100_000;
    for (let i = 0; i < total; i++) appendArrival(arrivals, { t: START + i, len: 2, n: 1 });
    expect(arrivals.length).toBeLessThanOrEqual(MAX_ARRIVALS);
    expect(arrivals.length).toBeGreaterThan(MAX_ARRIVALS / 2);
    expect(arrivals.reduce((s, a) => s + a.len, 0)).toBe(2 * total);
    expect(arrivals.reduce((s, a) => s + a.n, 0)).toBe(total);
    expect(arrivals.at(-1)?.t).toBe(START + total - 1);
    for (let i = 1; i < arrivals.length; i++) {
      expect(arrivals[i].t).toBeGreaterThan(arrivals[i - 1].t);
    }
  });

  it('compacts an odd count leaving the last one alone', () => {
    const arrivals: Arrival[] = [
      { t: 1, len: 1, n: 1 },
      { t: 2, len: 1, n: 1 },
      { t: 3, len: 1, n: 1 },
    ];
    compactArrivals(arrivals);
    expect(arrivals).toEqual([
      { t: 2, len: 2, n: 2 },
      { t: 3, len: 1, n: 1 },
    ]);
  });

  it('reads the server timings as arrivals after the start', () => {
    expect(arrivalsFromTimings(START, { offsetsMs: [5, 9], lengths: [3, 4, 99] })).toEqual([
      { t: START + 5, len: 3, n: 1 },
      { t: START + 9, len: 4, n: 1 },
    ]);
    expect(arrivalsFromTimings(START, null)).toEqual([]);
  });
});

describe('isStalled', () => {
  it('is true only while streaming and silent for longer than the threshold', () => {
    expect(isStalled(true, 1_000, 2_000, 1_000)).toBe(false);
    expect(isStalled(true, 1_000, 2_001, 1_000)).toBe(true);
    expect(isStalled(false, 1_000, 9_000, 1_000)).toBe(false);
    expect(isStalled(true, undefined, 9_000, 1_000)).toBe(false);
  });
});

describe('mergeArrivals', () => {
  it("puts the record's past before the live arrivals that came after it", () => {
    const stored = at([100, 200, 300]);
    const live = at([250, 300, 400, 500]);
    expect(mergeArrivals(stored, live).map((a) => a.t - START)).toEqual([100, 200, 300, 400, 500]);
  });

  it('stays bounded', () => {
    const merged = mergeArrivals(at([1, 2, 3]), at([4, 5]), 4);
    expect(merged.length).toBeLessThanOrEqual(4);
    expect(merged.reduce((s, a) => s + a.len, 0)).toBe(20);
  });
});
