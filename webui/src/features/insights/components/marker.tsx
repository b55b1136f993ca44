import type { Marker } from '../series-style';

/** A marker shape centred on (x, y), `r` its half-size. */
export function MarkerShape({
  marker,
  x,
  y,
  r = 3.5,
  colour,
  children,
}: {
  marker: Marker;
  x: number;
  y: number;
  r?: number;
  colour: string;
  children?: React.ReactNode;
}) {
  const common = { fill: colour, stroke: colour, 'data-marker': marker };
  switch (marker) {
    case 'square':
      return (
        <rect x={x - r} y={y - r} width={r * 2} height={r * 2} {...common}>
          {children}
        </rect>
      );
    case 'triangle':
      return (
        <polygon
          points={`${x},${y - r * 1.2} ${x + r * 1.2},${y + r} ${x - r * 1.2},${y + r}`}
          {...common}
        >
          {children}
        </polygon>
      );
    case 'triangle-down':
      return (
        <polygon
          points={`${x},${y + r * 1.2} ${x + r * 1.2},${y - r} ${x - r * 1.2},${y - r}`}
          {...common}
        >
          {children}
        </polygon>
      );
    case 'diamond':
      return (
        <polygon
          points={`${x},${y - r * 1.3} ${x + r * 1.3},${y} ${x},${y + r * 1.3} ${x - r * 1.3},${y}`}
          {...common}
        >
          {children}
        </polygon>
      );
    case 'cross':
      return (
        <path
          d={`M${x - r},${y - r} L${x + r},${y + r} M${x - r},${y + r} L${x + r},${y - r}`}
          fill="none"
          stroke={colour}
          strokeWidth={2}
          data-marker={marker}
        >
          {children}
        </path>
      );
    default:
      return (
        <circle cx={x} cy={y} r={r} {...common}>
          {children}
        </circle>
      );
  }
}

/** A small legend key: the marker on a short line in the series' dash. */
export function LegendKey({
  marker,
  colour,
  dash,
}: {
  marker: Marker;
  colour: string;
  dash?: string;
}) {
  return (
    <svg width="28" height="12" viewBox="0 0 28 12" aria-hidden="true" className="legend-key">
      <line x1="1" x2="27" y1="6" y2="6" stroke={colour} strokeWidth="2" strokeDasharray={dash} />
      <MarkerShape marker={marker} x={14} y={6} r={3.5} colour={colour} />
    </svg>
  );
}
