import { useId } from 'react';
import { formatRate } from '../../../lib/format';
import { formatBucket, yCeiling, type StreamsBar } from '../chart-data';
import type { Range } from '../timeseries-api';
import { ChartFrame, makeFrame } from './chart-frame';

const perMinute = (v: number) => `${formatRate(v)}/min`;

/**
 * Streams per minute as bars; the part that failed is drawn hatched in the error colour (told
 * apart by the pattern too). A visually hidden table repeats the numbers.
 */
export function StreamsChart({
  bars,
  bucketMs,
  range,
  label,
}: {
  bars: readonly StreamsBar[];
  bucketMs: number;
  range: Range | string;
  label: string;
}) {
  const hatch = useId();
  const start = bars[0]?.t ?? 0;
  const end = (bars[bars.length - 1]?.t ?? 0) + bucketMs;
  const frame = makeFrame(start, end, yCeiling(bars.map((b) => b.perMinute)));
  const slot = frame.x(start + bucketMs) - frame.x(start);
  const width = Math.max(1, slot * 0.75);
  const base = frame.y(0);
  return (
    <>
      <ChartFrame
        frame={frame}
        range={range}
        label={label}
        formatY={(v) => formatRate(v)}
        data-bars={bars.filter((b) => b.streams > 0).length}
      >
        <defs>
          <pattern
            id={hatch}
            width="5"
            height="5"
            patternUnits="userSpaceOnUse"
            patternTransform="rotate(45)"
          >
            <rect width="5" height="5" fill="var(--danger-soft)" />
            <line x1="0" y1="0" x2="0" y2="5" stroke="var(--danger)" strokeWidth="2.5" />
          </pattern>
        </defs>
        {bars.map((b) =>
          b.streams === 0 ? null : (
            <g key={b.t} data-testid="streams-bar" data-t={b.t}>
              <title>
                {`${formatBucket(b.t, range)}: ${perMinute(b.perMinute)} (${b.streams} streams` +
                  `${b.errors > 0 ? `, ${b.errors} failed` : ''})`}
              </title>
              <rect
                x={frame.x(b.t) + (slot - width) / 2}
                y={frame.y(b.perMinute)}
                width={width}
                height={Math.max(0, base - frame.y(b.perMinute))}
                fill="var(--accent)"
              />
              {b.errors > 0 && (
                <rect
                  x={frame.x(b.t) + (slot - width) / 2}
                  y={frame.y(b.errorsPerMinute)}
                  width={width}
                  height={Math.max(0, base - frame.y(b.errorsPerMinute))}
                  fill={`url(#${hatch})`}
                  stroke="var(--danger)"
                  strokeWidth="1"
                  data-errors={b.errors}
                />
              )}
            </g>
          ),
        )}
      </ChartFrame>
      <ul className="insights-legend small">
        <li>
          <span className="insights-swatch" aria-hidden="true" />
          Streams per minute
        </li>
        <li>
          <svg width="12" height="12" aria-hidden="true" className="legend-key">
            <rect width="12" height="12" fill={`url(#${hatch})`} stroke="var(--danger)" />
          </svg>
          Failed (hatched)
        </li>
      </ul>
      <table className="sr-only">
        <caption>{label}</caption>
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Streams per minute</th>
            <th scope="col">Streams</th>
            <th scope="col">Failed</th>
          </tr>
        </thead>
        <tbody>
          {bars
            .filter((b) => b.streams > 0)
            .map((b) => (
              <tr key={b.t}>
                <th scope="row">{formatBucket(b.t, range)}</th>
                <td>{perMinute(b.perMinute)}</td>
                <td>{b.streams}</td>
                <td>{b.errors}</td>
              </tr>
            ))}
        </tbody>
      </table>
    </>
  );
}
