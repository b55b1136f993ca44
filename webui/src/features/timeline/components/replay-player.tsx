import { Pause, Play, RotateCcw } from 'lucide-react';
import { useId, useMemo } from 'react';
import { formatMs } from '../../../lib/format';
import { SafeMarkdown } from '../../../lib/safe-markdown';
import type { StreamView } from '../../streams/stream-view';
import { useConsoleSettings } from '../console-settings';
import { REPLAY_SPEEDS, parseSpeed, replayText, speedLabel, type ReplayTimings } from '../replay';
import { useReplay, type ReplayClockOptions } from '../use-replay';
import { TimelineChart } from './timeline-chart';

export interface ReplayPlayerProps {
  stream: StreamView;
  timings: ReplayTimings;
  clock?: ReplayClockOptions;
}

/**
 * Plays a finished stream back at its original pace (or 2×, 10×, instant) from its stored
 * timings: the text grows as it arrived (rendered as safely as the live card) and the timeline
 * follows.
 */
export function ReplayPlayer({ stream, timings, clock }: ReplayPlayerProps) {
  const replay = useReplay(timings, clock);
  const { stallAfterMs } = useConsoleSettings();
  const speedId = useId();
  const { frame, state, lengthMs } = replay;
  const text = replayText(stream.content, frame);
  const groups = frame.groups;
  const shown = useMemo(() => stream.arrivals.slice(0, groups), [stream.arrivals, groups]);
  const playing = state === 'playing';
  const percent = lengthMs > 0 ? Math.round((frame.positionMs / lengthMs) * 100) : 100;
  return (
    <div className="card replay" data-testid="replay" data-state={state}>
      <div className="replay-controls" role="group" aria-label="Replay controls">
        <button
          type="button"
          className="button small"
          data-testid="replay-play"
          aria-label={playing ? 'Pause the replay' : 'Play the replay'}
          onClick={playing ? replay.pause : replay.play}
        >
          {playing ? <Pause size={14} aria-hidden="true" /> : <Play size={14} aria-hidden="true" />}
          {playing ? 'Pause' : state === 'done' ? 'Play again' : 'Play'}
        </button>
        <button
          type="button"
          className="button small"
          data-testid="replay-restart"
          aria-label="Restart the replay from the beginning"
          onClick={replay.restart}
        >
          <RotateCcw size={14} aria-hidden="true" /> Restart
        </button>
        <label className="field inline" htmlFor={speedId}>
          <span className="field-label">Speed</span>
          <select
            id={speedId}
            className="input"
            data-testid="replay-speed"
            value={String(replay.speed)}
            onChange={(e) => replay.setSpeed(parseSpeed(e.target.value))}
          >
            {REPLAY_SPEEDS.map((s) => (
              <option key={String(s)} value={String(s)}>
                {speedLabel(s)}
              </option>
            ))}
          </select>
        </label>
        <span className="replay-state small" data-testid="replay-state">
          {state === 'playing' ? 'Playing' : state === 'done' ? 'Finished' : 'Paused'}
        </span>
        <span className="push-right" />
        <label className="replay-progress-label small mono">
          <span className="sr-only">Replay progress</span>
          <progress
            data-testid="replay-progress"
            max={100}
            value={percent}
            aria-valuetext={`${formatMs(frame.positionMs)} of ${formatMs(lengthMs)}`}
          />
          <span aria-hidden="true">
            {formatMs(frame.positionMs)} / {formatMs(lengthMs)}
          </span>
        </label>
      </div>
      <TimelineChart
        requestId={stream.requestId}
        startedAt={stream.startedAt}
        arrivals={shown}
        attempts={stream.attempts}
        provider={stream.provider}
        streaming={false}
        durationMs={stream.durationMs}
        outputTokens={frame.done ? stream.outputTokens : undefined}
        stallAfterMs={stallAfterMs}
        spanMs={lengthMs}
        cursorMs={frame.positionMs}
      />
      <div
        className="stream-content replay-content"
        data-testid="replay-content"
        data-chars={text.length}
        aria-live="off"
      >
        {text ? <SafeMarkdown text={text} className="md" /> : <span className="muted">…</span>}
        {state !== 'done' && (
          <span className="stream-cursor" aria-hidden="true">
            ▊
          </span>
        )}
      </div>
    </div>
  );
}
