import { memo, useMemo } from 'react';
import { formatMs } from '../../../lib/format';
import { computeTimeline, type Arrival } from '../timeline';

export interface ArrivalSparklineProps {
  startedAt: number;
  arrivals: readonly Arrival[];
  stallAfterMs: number;
}

const WIDTH = 200;
const HEIGHT = 28;

/** Characters per time bucket since the start, as bars (grows with every chunk). */
export const ArrivalSparkline = memo(function ArrivalSparkline({
  startedAt,
  arrivals,
  stallAfterMs,
}: ArrivalSparklineProps) {
  const timeline = useMemo(
    () => computeTimeline({ startedAt, arrivals, stallAfterMs, maxBuckets: 40 }),
    [startedAt, arrivals, stallAfterMs],
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
        />
      ))}
    </svg>
  );
});
