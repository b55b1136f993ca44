/**
 * The replay's clock: a thin hook over the pure scheduler (`replay.ts`). The position on the
 * stream's timeline is derived from wall time (so a slow frame never slows the replay down),
 * re-anchored on every pause, speed change and restart.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import {
  frameAt,
  positionAfter,
  replayLengthMs,
  type ReplayFrame,
  type ReplaySpeed,
  type ReplayTimings,
} from './replay';

export type ReplayState = 'playing' | 'paused' | 'done';

export interface ReplayClockOptions {
  autoplay?: boolean;
  /** Wall clock (ms); default `performance.now`. */
  now?: () => number;
  /** Calls `tick` soon (next animation frame by default); returns a cancel function. */
  schedule?: (tick: () => void) => () => void;
}

export interface Replay {
  readonly frame: ReplayFrame;
  readonly state: ReplayState;
  readonly speed: ReplaySpeed;
  readonly lengthMs: number;
  play(): void;
  pause(): void;
  restart(): void;
  setSpeed(speed: ReplaySpeed): void;
}

interface Clock {
  playing: boolean;
  /** Position (ms on the stream's timeline) at `anchorWall`. */
  anchorPos: number;
  anchorWall: number;
  speed: ReplaySpeed;
}

function defaultSchedule(tick: () => void): () => void {
  if (typeof requestAnimationFrame === 'function') {
    const id = requestAnimationFrame(() => tick());
    return () => cancelAnimationFrame(id);
  }
  const id = setTimeout(tick, 16);
  return () => clearTimeout(id);
}

const defaultNow = () => performance.now();

export function useReplay(timings: ReplayTimings, options: ReplayClockOptions = {}): Replay {
  const { autoplay = false, now = defaultNow, schedule = defaultSchedule } = options;
  const lengthMs = replayLengthMs(timings);
  const [clock, setClock] = useState<Clock>(() => ({
    playing: autoplay,
    anchorPos: 0,
    anchorWall: now(),
    speed: 1,
  }));
  const [positionMs, setPositionMs] = useState(0);

  const positionAt = useCallback(
    (c: Clock, wall: number) =>
      Math.min(lengthMs, c.anchorPos + positionAfter(timings, c.speed, wall - c.anchorWall)),
    [timings, lengthMs],
  );

  useEffect(() => {
    if (!clock.playing) return;
    let cancel: () => void = () => {};
    const tick = () => {
      const pos = positionAt(clock, now());
      setPositionMs(pos);
      if (pos >= lengthMs) {
        setClock((c) => ({ ...c, playing: false, anchorPos: pos }));
        return;
      }
      cancel = schedule(tick);
    };
    cancel = schedule(tick);
    return () => cancel();
  }, [clock, positionAt, lengthMs, now, schedule]);

  const frame = useMemo(() => frameAt(timings, positionMs), [timings, positionMs]);
  const state: ReplayState = clock.playing ? 'playing' : frame.done ? 'done' : 'paused';

  const play = useCallback(() => {
    if (clock.playing) return;
    // Playing a finished replay starts it over.
    const from = positionMs >= lengthMs ? 0 : positionMs;
    setPositionMs(from);
    setClock({ ...clock, playing: true, anchorPos: from, anchorWall: now() });
  }, [clock, now, positionMs, lengthMs]);

  const pause = useCallback(() => {
    if (!clock.playing) return;
    const wall = now();
    const pos = positionAt(clock, wall);
    setPositionMs(pos);
    setClock({ ...clock, playing: false, anchorPos: pos, anchorWall: wall });
  }, [clock, now, positionAt]);

  const restart = useCallback(() => {
    setPositionMs(0);
    setClock({ ...clock, playing: true, anchorPos: 0, anchorWall: now() });
  }, [clock, now]);

  const setSpeed = useCallback(
    (speed: ReplaySpeed) => {
      const wall = now();
      const pos = clock.playing ? positionAt(clock, wall) : clock.anchorPos;
      setClock({ ...clock, speed, anchorPos: pos, anchorWall: wall });
    },
    [clock, now, positionAt],
  );

  return { frame, state, speed: clock.speed, lengthMs, play, pause, restart, setSpeed };
}
