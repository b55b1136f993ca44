import { useId } from 'react';

export interface SparklinePoint {
  t: number;
  value: number;
}

export interface SparklineProps {
  points: readonly SparklinePoint[];
  /** Time window shown (ms); the right edge is the newest point. */
  windowMs: number;
  height?: number;
  label: string;
}

const WIDTH = 600;

/** Area chart of a time series as one SVG (no chart library: one series, no axes to speak of). */
export function Sparkline({ points, windowMs, height = 96, label }: SparklineProps) {
  const gradientId = useId();
  const end = points.length > 0 ? points[points.length - 1].t : 0;
  // While there is less history than the window, stretch it (but show at least 30 s).
  const first = points.length > 0 ? points[0].t : end;
  const start = Math.min(end - Math.min(windowMs, 30_000), Math.max(end - windowMs, first));
  const span = Math.max(1, end - start);
  const visible = points.filter((p) => p.t >= start);
  const max = Math.max(1, ...visible.map((p) => p.value));
  // Headroom so the line never touches the top; a "nice" ceiling for the label.
  const ceiling = niceCeiling(max * 1.1);
  const x = (t: number) => ((t - start) / span) * WIDTH;
  const y = (v: number) => height - 2 - (v / ceiling) * (height - 6);
  const line = visible.map(
    (p, i) => `${i === 0 ? 'M' : 'L'}${x(p.t).toFixed(1)},${y(p.value).toFixed(1)}`,
  );
  const path = line.join(' ');
  const area =
    visible.length > 1
      ? `${path} L${x(visible[visible.length - 1].t).toFixed(1)},${height} L${x(visible[0].t).toFixed(1)},${height} Z`
      : '';
  return (
    <div className="sparkline">
      <span className="sparkline-ceiling mono small muted">{ceiling}</span>
      <svg
        viewBox={`0 0 ${WIDTH} ${height}`}
        preserveAspectRatio="none"
        width="100%"
        height={height}
        role="img"
        aria-label={label}
        data-testid="throughput-chart"
        data-points={visible.length}
      >
        <defs>
          <linearGradient id={gradientId} x1="0" y1="0" x2="0" y2="1">
            <stop offset="0%" stopColor="var(--accent)" stopOpacity="0.35" />
            <stop offset="100%" stopColor="var(--accent)" stopOpacity="0" />
          </linearGradient>
        </defs>
        {[0.25, 0.5, 0.75].map((f) => (
          <line
            key={f}
            x1="0"
            x2={WIDTH}
            y1={y(ceiling * f)}
            y2={y(ceiling * f)}
            className="sparkline-grid"
            vectorEffect="non-scaling-stroke"
          />
        ))}
        {area && <path d={area} fill={`url(#${gradientId})`} stroke="none" />}
        {visible.length === 1 && (
          <circle
            cx={WIDTH - 4}
            cy={y(visible[0].value)}
            r="3"
            fill="var(--accent)"
            vectorEffect="non-scaling-stroke"
          />
        )}
        {visible.length > 1 && (
          <path
            d={path}
            fill="none"
            stroke="var(--accent)"
            strokeWidth="2"
            vectorEffect="non-scaling-stroke"
            strokeLinejoin="round"
          />
        )}
      </svg>
    </div>
  );
}

export function niceCeiling(value: number): number {
  if (value <= 1) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) {
    if (value <= step * magnitude) return step * magnitude;
  }
  return 10 * magnitude;
}
