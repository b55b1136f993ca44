import { afterEach, describe, expect, it, vi } from 'vitest';
import { animationFrameSchedule, createPublishBatcher } from './publish-batcher';

describe('createPublishBatcher', () => {
  it('schedules once for many changes and publishes once', () => {
    const pending: Array<() => void> = [];
    const publish = vi.fn();
    const batcher = createPublishBatcher(publish, (fn) => pending.push(fn));
    for (let i = 0; i < 100; i++) batcher.markDirty();
    expect(pending).toHaveLength(1);
    expect(publish).not.toHaveBeenCalled();
    pending.shift()!();
    expect(publish).toHaveBeenCalledTimes(1);
    batcher.markDirty();
    expect(pending).toHaveLength(1);
  });

  it('a synchronous flush publishes at once; the scheduled one then has nothing to do', () => {
    const pending: Array<() => void> = [];
    const publish = vi.fn();
    const batcher = createPublishBatcher(publish, (fn) => pending.push(fn));
    batcher.flush();
    expect(publish).not.toHaveBeenCalled(); // nothing changed
    batcher.markDirty();
    batcher.flush();
    expect(publish).toHaveBeenCalledTimes(1);
    pending.shift()!();
    expect(publish).toHaveBeenCalledTimes(1);
  });
});

describe('animationFrameSchedule', () => {
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('runs on the next animation frame, once, even when the fallback timer fires too', () => {
    vi.useFakeTimers();
    let frame: FrameRequestCallback | undefined;
    vi.stubGlobal('requestAnimationFrame', (cb: FrameRequestCallback) => {
      frame = cb;
      return 1;
    });
    const flush = vi.fn();
    animationFrameSchedule(flush);
    expect(flush).not.toHaveBeenCalled();
    frame!(0);
    expect(flush).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1_000);
    expect(flush).toHaveBeenCalledTimes(1);
  });

  it('falls back to a 250 ms timer when frames do not run (background tab)', () => {
    vi.useFakeTimers();
    vi.stubGlobal('requestAnimationFrame', () => 1);
    const flush = vi.fn();
    animationFrameSchedule(flush);
    vi.advanceTimersByTime(249);
    expect(flush).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(flush).toHaveBeenCalledTimes(1);
  });

  it('uses a zero timer without requestAnimationFrame', () => {
    vi.useFakeTimers();
    vi.stubGlobal('requestAnimationFrame', undefined);
    const flush = vi.fn();
    animationFrameSchedule(flush);
    expect(flush).not.toHaveBeenCalled();
    vi.advanceTimersByTime(0);
    expect(flush).toHaveBeenCalledTimes(1);
  });
});
