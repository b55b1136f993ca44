/**
 * How a charted model looks: a colour and, so that no series is told apart by colour alone, a
 * marker shape of its own. The same model keeps the same look on every chart of a range.
 */
export const SERIES_COLOURS = [
  'var(--accent)',
  '#1f7fb8',
  'var(--warn)',
  'var(--ok)',
  'var(--danger)',
  '#6b7285',
] as const;

export const MARKERS = [
  'circle',
  'square',
  'triangle',
  'diamond',
  'cross',
  'triangle-down',
] as const;
export type Marker = (typeof MARKERS)[number];

export interface SeriesStyle {
  colour: string;
  marker: Marker;
}

export function seriesStyle(index: number): SeriesStyle {
  const i = ((index % MARKERS.length) + MARKERS.length) % MARKERS.length;
  return { colour: SERIES_COLOURS[i % SERIES_COLOURS.length], marker: MARKERS[i] };
}

/** Stroke dash pattern of a line variant (p95 dashed, so p50 and p95 differ by more than hue). */
export const DASHES = { solid: undefined, dashed: '6 4' } as const;
export type LineVariant = keyof typeof DASHES;
