import { memo, useMemo } from 'react';
import { formatMs } from '../../../lib/format';
import { computeTimeline, type Arrival } from '../timeline';
import { useNow } from './use-now';

export interface ArrivalSparklineProps {
  startedAt: number;
  arrivals: readonly Arrival[];
  stallAfterMs: number;
  /** While streaming the sparkline runs on to now, so a silence shows (shaded once a stall). */
  streaming?: boolean;
  /** Browser clock when the last chunk was received. */
  lastReceivedAt?: number;
}

const WIDTH = 200;
const HEIGHT = 28;

/**
 * Characters per time bucket since the start, as bars: grows with every chunk and, while the
 * stream runs, with the time since its last chunk (so a silence is visible as it happens).
 */
export const ArrivalSparkline = memo(function ArrivalSparkline({
  startedAt,
  arrivals,
  stallAfterMs,
  streaming = false,
  lastReceivedAt,
}: ArrivalSparklineProps) {
  const now = useNow(500, streaming);
  const lastT = arrivals.length > 0 ? arrivals[arrivals.length - 1].t : startedAt;
  // "Now" on the server's timeline: the last chunk's time plus the silence since (local clock).
  const nowMs =
    streaming && lastReceivedAt !== undefined
      ? lastT - startedAt + Math.max(0, now - lastReceivedAt)
      : undefined;
  const timeline = useMemo(
    () => computeTimeline({ startedAt, arrivals, stallAfterMs, maxBuckets: 40, streaming, nowMs }),
    [startedAt, arrivals, stallAfterMs, streaming, nowMs],
  );
  if (arrivals.length === 0) return null;
  const { rate, bucketMs, endMs } = timeline;
  const span = Math.max(bucketMs, rate.length * bucketMs);
  const max = Math.max(1, ...rate.map((p) => p.chars));
  const barWidth = Math.max(1, (bucketMs / span) * WIDTH - 1);
  const label = `Chunk arrivals: ${timeline.totalChunks} chunks, ${timeline.totalChars} characters in ${formatMs(endMs)} since the start`;
  return (
    <svg
      className="arrival-sparkline"
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      preserveAspectRatio="none"
      width="100%"
      height={HEIGHT}
      role="img"
      aria-label={label}
      data-testid="arrival-sparkline"
      data-points={arrivals.length}
    >
      <title>{label}</title>
      <line x1="0" x2={WIDTH} y1={HEIGHT - 0.5} y2={HEIGHT - 0.5} className="timeline-axis" />
      {rate.map((p) =>
        p.chars > 0 ? (
          <rect
            key={p.atMs}
            x={(p.atMs / span) * WIDTH}
            width={barWidth}
            y={HEIGHT - 1 - (p.chars / max) * (HEIGHT - 3)}
            height={(p.chars / max) * (HEIGHT - 3)}
            className="arrival-bar"
          />
        ) : null,
      )}
      {timeline.stalls.map((s) => (
        <rect
          key={`stall-${s.fromMs}`}
          x={(s.fromMs / span) * WIDTH}
          width={Math.max(1, ((s.toMs - s.fromMs) / span) * WIDTH)}
          y={0}
          height={HEIGHT - 1}
          className="timeline-stall-shade"
          data-testid="sparkline-stall"
          data-open={s.open}
        />
      ))}
    </svg>
  );
});
