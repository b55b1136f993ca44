import { DASHES } from '../series-style';
import type { SeriesStyle } from '../series-style';
import { LegendKey } from './marker';

/** Which colour and marker is which model; with `variants`, which dash is p50 and which p95. */
export function ModelLegend({
  models,
  styles,
  variants,
  hidden,
}: {
  models: readonly string[];
  styles: ReadonlyMap<string, SeriesStyle>;
  variants?: { solid: string; dashed: string };
  hidden: number;
}) {
  return (
    <ul className="insights-legend small" data-testid="chart-legend">
      {models.map((m) => {
        const style = styles.get(m);
        if (!style) return null;
        return (
          <li key={m} data-model={m}>
            <LegendKey marker={style.marker} colour={style.colour} />
            <span className="mono insights-legend-name" title={m}>
              {m}
            </span>
          </li>
        );
      })}
      {variants && (
        <>
          <li>
            <LegendKey marker="circle" colour="var(--text-muted)" dash={DASHES.solid} />
            {variants.solid}
          </li>
          <li>
            <LegendKey marker="circle" colour="var(--text-muted)" dash={DASHES.dashed} />
            {variants.dashed}
          </li>
        </>
      )}
      {hidden > 0 && (
        <li className="muted">
          {hidden} more model{hidden === 1 ? '' : 's'} not charted
        </li>
      )}
    </ul>
  );
}
