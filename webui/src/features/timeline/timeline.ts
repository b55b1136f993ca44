/**
 * Timeline maths of one generation: from its chunk arrivals (server epoch ms + text lengths)
 * and its start, the time to first token, the gaps between chunks, the longest gap, the time
 * per output token, tokens/s over the run in time buckets, and the stall windows. Pure
 * functions only (no clock, no React): callers pass "now" in.
 */

/** Arrivals kept per stream at most (the server keeps its timings the same way). */
export const MAX_ARRIVALS = 2048;

/** One chunk (or a group of adjacent chunks merged to bound memory). */
export interface Arrival {
  /** Epoch ms (server clock) of the (last) chunk of the group. */
  readonly t: number;
  /** UTF-16 characters of text the group carried. */
  readonly len: number;
  /** Chunks in the group (1 unless merged; unknown for server timings, counted as 1). */
  readonly n: number;
}

/**
 * Appends an arrival in place; when that makes more than `max`, merges adjacent pairs
 * (lengths and counts summed, the later timestamp kept) so the list covers the whole run in
 * at most `max` entries. Amortised O(1) per arrival.
 */
export function appendArrival(arrivals: Arrival[], arrival: Arrival, max = MAX_ARRIVALS): void {
  arrivals.push(arrival);
  if (arrivals.length > max) compactArrivals(arrivals);
}

/** Merges adjacent pairs in place (an odd last entry stays as it is). */
export function compactArrivals(arrivals: Arrival[]): void {
  let w = 0;
  for (let i = 0; i < arrivals.length; i += 2) {
    const a = arrivals[i];
    const b = arrivals[i + 1];
    arrivals[w++] = b ? { t: b.t, len: a.len + b.len, n: a.n + b.n } : a;
  }
  arrivals.length = w;
}

/** The record's stored timings (`GET /api/streams/{id}`) as arrivals. */
export function arrivalsFromTimings(
  startedAt: number,
  timings: { offsetsMs: readonly number[]; lengths: readonly number[] } | null | undefined,
): Arrival[] {
  if (!timings) return [];
  const count = Math.min(timings.offsetsMs.length, timings.lengths.length);
  const out: Arrival[] = [];
  for (let i = 0; i < count; i++) {
    out.push({ t: startedAt + timings.offsetsMs[i], len: timings.lengths[i], n: 1 });
  }
  return out;
}

export interface Gap {
  /** Size of the silence (ms). */
  readonly ms: number;
  /** Index of the arrival that ended it. */
  readonly index: number;
  /** Ms since start where it began and ended. */
  readonly fromMs: number;
  readonly toMs: number;
}

export interface StallWindow {
  readonly fromMs: number;
  readonly toMs: number;
  /** Still silent now (the stream is streaming and no chunk came since `fromMs`). */
  readonly open: boolean;
}

export interface RatePoint {
  /** Start of the bucket (ms since start). */
  readonly atMs: number;
  readonly tokensPerSecond: number;
  readonly chars: number;
}

export interface TimelineInput {
  /** Epoch ms (server clock) of the start event (when the call began). */
  readonly startedAt: number;
  readonly arrivals: readonly Arrival[];
  /** Output tokens when known (the end event's). */
  readonly outputTokens?: number;
  /** True while the stream runs (an open stall is possible). */
  readonly streaming?: boolean;
  /** "Now" on the timeline (ms since start); only used while streaming. */
  readonly nowMs?: number;
  /** Gaps longer than this count as stalls. */
  readonly stallAfterMs: number;
  /** Buckets of the rate series at most. */
  readonly maxBuckets?: number;
}

export interface Timeline {
  /** Ms since start of each arrival. */
  readonly offsets: readonly number[];
  readonly ttftMs?: number;
  /** Gaps between consecutive arrivals (gaps[i] ends at arrival i + 1). */
  readonly gaps: readonly Gap[];
  readonly longestGap?: Gap;
  /** Time per output token; per chunk when the token count is not known (see `tpotPer`). */
  readonly tpotMs?: number;
  readonly tpotPer?: 'token' | 'chunk';
  /** Tokens (estimated from chunks without a token count) per second between first and last. */
  readonly tokensPerSecond?: number;
  readonly rate: readonly RatePoint[];
  readonly bucketMs: number;
  readonly stalls: readonly StallWindow[];
  readonly totalChars: number;
  readonly totalChunks: number;
  /** Right edge of the run (ms since start): the last arrival, or now while streaming. */
  readonly endMs: number;
}

/** Bucket size (ms) for `spanMs` in at most `maxBuckets` buckets: 50 ms or more, rounded. */
export function bucketSize(spanMs: number, maxBuckets: number): number {
  const raw = Math.max(50, spanMs / Math.max(1, maxBuckets));
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  for (const step of [1, 2, 2.5, 5, 10]) {
    if (raw <= step * magnitude) return step * magnitude;
  }
  return 10 * magnitude;
}

/**
 * Tokens per bucket: the output tokens spread over the text when the count is known,
 * otherwise one token per chunk (the console's live estimate).
 */
function tokensOf(a: Arrival, tokensPerChar: number | undefined): number {
  return tokensPerChar !== undefined ? a.len * tokensPerChar : a.n;
}

export function computeTimeline(input: TimelineInput): Timeline {
  const { startedAt, arrivals, stallAfterMs } = input;
  const offsets = arrivals.map((a) => Math.max(0, a.t - startedAt));
  let totalChars = 0;
  let totalChunks = 0;
  for (const a of arrivals) {
    totalChars += a.len;
    totalChunks += a.n;
  }
  const gaps: Gap[] = [];
  let longestGap: Gap | undefined;
  const stalls: StallWindow[] = [];
  for (let i = 1; i < offsets.length; i++) {
    const gap: Gap = {
      ms: Math.max(0, offsets[i] - offsets[i - 1]),
      index: i,
      fromMs: offsets[i - 1],
      toMs: offsets[i],
    };
    gaps.push(gap);
    if (!longestGap || gap.ms > longestGap.ms) longestGap = gap;
    if (gap.ms > stallAfterMs) stalls.push({ fromMs: gap.fromMs, toMs: gap.toMs, open: false });
  }
  const first = offsets[0];
  const last = offsets.length > 0 ? offsets[offsets.length - 1] : undefined;
  const streaming = input.streaming === true;
  const nowMs = input.nowMs;
  if (streaming && nowMs !== undefined) {
    const silentFrom = last ?? 0;
    if (nowMs - silentFrom > stallAfterMs) {
      stalls.push({ fromMs: silentFrom, toMs: nowMs, open: true });
    }
  }

  const outputTokens =
    input.outputTokens !== undefined && input.outputTokens > 0 ? input.outputTokens : undefined;
  let tpotMs: number | undefined;
  let tpotPer: 'token' | 'chunk' | undefined;
  if (first !== undefined && last !== undefined) {
    if (outputTokens !== undefined && outputTokens >= 2) {
      tpotMs = (last - first) / (outputTokens - 1);
      tpotPer = 'token';
    } else if (outputTokens === undefined && totalChunks >= 2) {
      tpotMs = (last - first) / (totalChunks - 1);
      tpotPer = 'chunk';
    }
  }
  const tokens = outputTokens ?? totalChunks;
  const tokensPerSecond =
    first !== undefined && last !== undefined && last > first && tokens >= 2
      ? (tokens - 1) / ((last - first) / 1000)
      : undefined;

  const endMs = Math.max(last ?? 0, streaming && nowMs !== undefined ? nowMs : 0);
  const bucketMs = bucketSize(Math.max(1, endMs), input.maxBuckets ?? 60);
  const tokensPerChar =
    outputTokens !== undefined && totalChars > 0 ? outputTokens / totalChars : undefined;
  const rate: RatePoint[] = [];
  if (arrivals.length > 0) {
    const count = Math.floor(endMs / bucketMs) + 1;
    const tokenSums = new Array<number>(count).fill(0);
    const charSums = new Array<number>(count).fill(0);
    arrivals.forEach((a, i) => {
      const b = Math.min(count - 1, Math.floor(offsets[i] / bucketMs));
      tokenSums[b] += tokensOf(a, tokensPerChar);
      charSums[b] += a.len;
    });
    for (let b = 0; b < count; b++) {
      rate.push({
        atMs: b * bucketMs,
        tokensPerSecond: tokenSums[b] / (bucketMs / 1000),
        chars: charSums[b],
      });
    }
  }

  return {
    offsets,
    ttftMs: first,
    gaps,
    longestGap,
    tpotMs,
    tpotPer,
    tokensPerSecond,
    rate,
    bucketMs,
    stalls,
    totalChars,
    totalChunks,
    endMs,
  };
}

/**
 * Whether a streaming stream counts as stalled now: silent for longer than the threshold since
 * its last chunk arrived (both times on the browser's clock, so server clock skew does not
 * matter). False for finished streams.
 */
export function isStalled(
  streaming: boolean,
  lastReceivedAt: number | undefined,
  now: number,
  stallAfterMs: number,
): boolean {
  return streaming && lastReceivedAt !== undefined && now - lastReceivedAt > stallAfterMs;
}

/**
 * A late joiner's timeline: the record's stored arrivals (up to its last checkpoint) followed by
 * the live arrivals that came after them. Live arrivals at or before the last stored one are
 * already in the stored groups.
 */
export function mergeArrivals(
  stored: readonly Arrival[],
  live: readonly Arrival[],
  max = MAX_ARRIVALS,
): Arrival[] {
  const merged = stored.slice();
  const last = stored.length > 0 ? stored[stored.length - 1].t : -Infinity;
  for (const a of live) {
    if (a.t > last) appendArrival(merged, a, max);
  }
  return merged;
}
