/**
 * The replay scheduler: where a replay of a finished stream is after some time, from the
 * record's stored timings. Pure (no clock): the hook (`use-replay.ts`) feeds it elapsed time.
 */

export type ReplaySpeed = 1 | 2 | 10 | 'instant';

export const REPLAY_SPEEDS: readonly ReplaySpeed[] = [1, 2, 10, 'instant'];

export interface ReplayTimings {
  /** Ms after the start at which each group of chunks arrived (ascending). */
  readonly offsetsMs: readonly number[];
  /** UTF-16 characters each group carried. */
  readonly lengths: readonly number[];
  /** The stream's whole duration (start to end); the replay lasts this long at 1×. */
  readonly durationMs?: number;
}

export interface ReplayFrame {
  /** Position on the stream's own timeline (ms since its start). */
  readonly positionMs: number;
  /** Groups arrived by then. */
  readonly groups: number;
  /** Characters of the content shown by then. */
  readonly chars: number;
  readonly done: boolean;
}

/** Length of the replay on the stream's timeline: its duration, at least its last chunk. */
export function replayLengthMs(t: ReplayTimings): number {
  const last = t.offsetsMs.length > 0 ? t.offsetsMs[t.offsetsMs.length - 1] : 0;
  return Math.max(0, last, t.durationMs ?? 0);
}

/** Position on the stream's timeline after `elapsedMs` of wall time at `speed`. */
export function positionAfter(t: ReplayTimings, speed: ReplaySpeed, elapsedMs: number): number {
  const length = replayLengthMs(t);
  if (speed === 'instant') return length;
  return Math.min(length, Math.max(0, elapsedMs * speed));
}

/** What is shown at a position on the stream's timeline (binary search over the groups). */
export function frameAt(t: ReplayTimings, positionMs: number): ReplayFrame {
  const length = replayLengthMs(t);
  const position = Math.min(length, Math.max(0, positionMs));
  const n = Math.min(t.offsetsMs.length, t.lengths.length);
  let lo = 0;
  let hi = n; // groups [0, lo) have arrived
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (t.offsetsMs[mid] <= position) lo = mid + 1;
    else hi = mid;
  }
  let chars = 0;
  for (let i = 0; i < lo; i++) chars += t.lengths[i];
  return { positionMs: position, groups: lo, chars, done: position >= length };
}

/** The scheduler: how much is shown after `elapsedMs` of wall time at `speed`. */
export function replayFrame(t: ReplayTimings, speed: ReplaySpeed, elapsedMs: number): ReplayFrame {
  return frameAt(t, positionAfter(t, speed, elapsedMs));
}

/**
 * The content shown for a frame: the first `chars` characters, all of it once done (the stored
 * lengths can fall short of the content when it was capped, or exceed a checkpoint's).
 */
export function replayText(content: string, frame: ReplayFrame): string {
  return frame.done ? content : content.slice(0, frame.chars);
}

export function parseSpeed(value: string): ReplaySpeed {
  if (value === 'instant') return 'instant';
  const n = Number(value);
  return n === 2 || n === 10 ? n : 1;
}

export function speedLabel(speed: ReplaySpeed): string {
  return speed === 'instant' ? 'Instant' : `${speed}×`;
}
