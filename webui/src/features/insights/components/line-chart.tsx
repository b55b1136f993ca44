import { formatBucket, linePath, markerIndexes, yCeiling } from '../chart-data';
import { DASHES, type LineVariant, type SeriesStyle } from '../series-style';
import type { Range } from '../timeseries-api';
import { ChartFrame, makeFrame } from './chart-frame';
import { MarkerShape } from './marker';

export interface LineSeries {
  /** Unique among the chart's series. */
  key: string;
  /** For tooltips and the data table, e.g. "sim/demo p95". */
  label: string;
  style: SeriesStyle;
  variant: LineVariant;
  values: ReadonlyArray<number | null>;
}

export interface LineChartProps {
  grid: readonly number[];
  bucketMs: number;
  range: Range | string;
  series: readonly LineSeries[];
  /** The chart's accessible name. */
  label: string;
  /** A value as text, e.g. "320 ms". */
  format: (v: number) => string;
  /** A y-axis tick (short). */
  formatTick?: (v: number) => string;
}

/**
 * Lines over time, one per series, with a marker at every bucket that has a value (a series
 * is told by its colour, its marker and its dash); null values leave a gap. A visually hidden
 * table repeats the numbers for screen readers.
 */
export function LineChart({
  grid,
  bucketMs,
  range,
  series,
  label,
  format,
  formatTick = format,
}: LineChartProps) {
  const start = grid[0] ?? 0;
  const end = (grid[grid.length - 1] ?? 0) + bucketMs;
  const frame = makeFrame(start, end, yCeiling(series.flatMap((s) => s.values)));
  const x = (i: number) => frame.x(grid[i] + bucketMs / 2);
  const rows = grid
    .map((t, i) => ({ t, i }))
    .filter(({ i }) => series.some((s) => s.values[i] !== null));
  return (
    <>
      <ChartFrame
        frame={frame}
        range={range}
        label={label}
        formatY={formatTick}
        data-series={series.length}
      >
        {series.map((s) => (
          <g key={s.key} data-series={s.label} data-variant={s.variant}>
            <path
              d={linePath(s.values, x, frame.y)}
              fill="none"
              stroke={s.style.colour}
              strokeWidth={2}
              strokeDasharray={DASHES[s.variant]}
              strokeLinejoin="round"
              strokeLinecap="round"
            />
            {markerIndexes(s.values).map((i) => {
              const v = s.values[i] ?? 0;
              return (
                <MarkerShape
                  key={grid[i]}
                  marker={s.style.marker}
                  colour={s.style.colour}
                  x={x(i)}
                  y={frame.y(v)}
                  r={s.variant === 'dashed' ? 2.8 : 3.5}
                >
                  <title>{`${s.label}, ${formatBucket(grid[i], range)}: ${format(v)}`}</title>
                </MarkerShape>
              );
            })}
          </g>
        ))}
      </ChartFrame>
      <table className="sr-only">
        <caption>{label}</caption>
        <thead>
          <tr>
            <th scope="col">Time</th>
            {series.map((s) => (
              <th scope="col" key={s.key}>
                {s.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map(({ t, i }) => (
            <tr key={t}>
              <th scope="row">{formatBucket(t, range)}</th>
              {series.map((s) => {
                const v = s.values[i];
                return <td key={s.key}>{v === null ? 'no streams' : format(v)}</td>;
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
