import { describe, expect, it } from 'vitest';
import {
  frameAt,
  parseSpeed,
  positionAfter,
  replayFrame,
  replayLengthMs,
  replayText,
  speedLabel,
  type ReplayTimings,
} from './replay';

const timings: ReplayTimings = {
  offsetsMs: [300, 400, 400, 3_500, 3_600],
  lengths: [5, 3, 2, 10, 4],
  durationMs: 3_700,
};

describe('replay scheduler', () => {
  it('shows nothing before the first group, then each group as its time comes (1×)', () => {
    expect(replayFrame(timings, 1, 0)).toEqual({
      positionMs: 0,
      groups: 0,
      chars: 0,
      done: false,
    });
    expect(replayFrame(timings, 1, 299).chars).toBe(0);
    expect(replayFrame(timings, 1, 300).chars).toBe(5);
    // two groups at the same offset arrive together
    expect(replayFrame(timings, 1, 400)).toMatchObject({ groups: 3, chars: 10 });
    expect(replayFrame(timings, 1, 3_499).chars).toBe(10); // the pause
    expect(replayFrame(timings, 1, 3_500).chars).toBe(20);
    expect(replayFrame(timings, 1, 3_650)).toMatchObject({ chars: 24, done: false });
    expect(replayFrame(timings, 1, 3_700)).toMatchObject({ chars: 24, done: true });
    expect(replayFrame(timings, 1, 99_999).positionMs).toBe(3_700);
  });

  it('runs 2× and 10× faster, and instant at once', () => {
    expect(replayFrame(timings, 2, 1_750).chars).toBe(20);
    expect(replayFrame(timings, 2, 1_849).done).toBe(false);
    expect(replayFrame(timings, 2, 1_850).done).toBe(true);
    expect(replayFrame(timings, 10, 370).done).toBe(true);
    expect(replayFrame(timings, 10, 35).chars).toBe(5);
    expect(replayFrame(timings, 'instant', 0)).toMatchObject({ chars: 24, done: true });
  });

  it('lasts the stream duration, at least until its last chunk', () => {
    expect(replayLengthMs(timings)).toBe(3_700);
    expect(replayLengthMs({ ...timings, durationMs: 1_000 })).toBe(3_600);
    expect(replayLengthMs({ offsetsMs: [], lengths: [] })).toBe(0);
    expect(frameAt({ offsetsMs: [], lengths: [] }, 0)).toEqual({
      positionMs: 0,
      groups: 0,
      chars: 0,
      done: true,
    });
  });

  it('clamps positions to the replay', () => {
    expect(positionAfter(timings, 1, -5)).toBe(0);
    expect(frameAt(timings, -1).chars).toBe(0);
  });

  it('shows the content up to the frame, and all of it when done (capped content)', () => {
    const content = 'Hello, world! 0123456789abc';
    expect(replayText(content, frameAt(timings, 400))).toBe('Hello, wor');
    expect(replayText(content, frameAt(timings, 3_700))).toBe(content);
  });

  it('parses and labels speeds', () => {
    expect(parseSpeed('2')).toBe(2);
    expect(parseSpeed('10')).toBe(10);
    expect(parseSpeed('instant')).toBe('instant');
    expect(parseSpeed('7')).toBe(1);
    expect(speedLabel(10)).toBe('10×');
    expect(speedLabel('instant')).toBe('Instant');
  });
});
