import type { ReactNode } from 'react';
import { formatTick, timeTicks } from '../chart-data';
import type { Range } from '../timeseries-api';

/** The drawing's size in SVG units; the SVG scales to its card's width. */
export const VIEW = { width: 560, height: 200, left: 48, right: 10, top: 10, bottom: 24 } as const;
export const PLOT_WIDTH = VIEW.width - VIEW.left - VIEW.right;
export const PLOT_HEIGHT = VIEW.height - VIEW.top - VIEW.bottom;

export interface Frame {
  /** Epoch ms of the left and right edges. */
  start: number;
  end: number;
  ceiling: number;
  x: (t: number) => number;
  y: (v: number) => number;
}

export function makeFrame(start: number, end: number, ceiling: number): Frame {
  const span = Math.max(1, end - start);
  const top = Math.max(ceiling, 1e-9);
  return {
    start,
    end,
    ceiling,
    x: (t) => VIEW.left + ((t - start) / span) * PLOT_WIDTH,
    y: (v) => VIEW.top + PLOT_HEIGHT - (Math.max(0, v) / top) * PLOT_HEIGHT,
  };
}

/** Axes, grid lines and tick labels around `children` (the data), as one SVG. */
export function ChartFrame({
  frame,
  range,
  label,
  formatY,
  children,
  ...data
}: {
  frame: Frame;
  range: Range | string;
  label: string;
  formatY: (v: number) => string;
  children: ReactNode;
} & Record<`data-${string}`, string | number>) {
  const yTicks = [0, 0.5, 1].map((f) => frame.ceiling * f);
  return (
    <svg
      className="insights-svg"
      viewBox={`0 0 ${VIEW.width} ${VIEW.height}`}
      role="img"
      aria-label={label}
      {...data}
    >
      {yTicks.map((v) => (
        <g key={v}>
          <line
            x1={VIEW.left}
            x2={VIEW.width - VIEW.right}
            y1={frame.y(v)}
            y2={frame.y(v)}
            className={v === 0 ? 'insights-axis' : 'insights-grid'}
          />
          <text x={VIEW.left - 6} y={frame.y(v) + 4} textAnchor="end" className="insights-tick">
            {formatY(v)}
          </text>
        </g>
      ))}
      {timeTicks(frame.start, frame.end).map((t, i, all) => (
        <text
          key={t}
          x={frame.x(t)}
          y={VIEW.height - 6}
          textAnchor={i === 0 ? 'start' : i === all.length - 1 ? 'end' : 'middle'}
          className="insights-tick"
        >
          {formatTick(t, range)}
        </text>
      ))}
      {children}
    </svg>
  );
}
