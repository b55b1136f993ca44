import { isMissingApi } from '../../../lib/api';
import { formatCount, formatUsd } from '../../../lib/format';
import { useFetch } from '../../../lib/use-fetch';
import { costChart, costsUrl, getCosts, type CostChart } from '../../costs/costs';

/** Days the card shows, today included. */
export const COST_DAYS = 14;

const WIDTH = 600;
const HEIGHT = 120;

/** A colour per charted model, in legend order (the last one for "other models"). */
const COLOURS = [
  'var(--accent)',
  'var(--ok)',
  'var(--warn)',
  'var(--danger)',
  '#2b8cc4',
  '#8a8fa3',
];

function colour(chart: CostChart, model: string): string {
  const i = chart.models.indexOf(model);
  return COLOURS[Math.min(i, COLOURS.length - 1)];
}

/** Cost per UTC day of the last two weeks, stacked by model, as one SVG (no chart library). */
function CostBars({ chart }: { chart: CostChart }) {
  const slot = WIDTH / Math.max(1, chart.bars.length);
  const barWidth = Math.max(2, slot * 0.7);
  const scale = chart.max > 0 ? (HEIGHT - 4) / chart.max : 0;
  return (
    <svg
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      preserveAspectRatio="none"
      width="100%"
      height={HEIGHT}
      role="img"
      aria-label="Cost per day by model"
      data-testid="cost-chart"
      data-bars={chart.bars.length}
    >
      {chart.bars.map((bar, i) => {
        let y = HEIGHT;
        return (
          <g key={bar.day} data-testid="cost-bar" data-day={bar.day}>
            <title>{`${bar.day}: ${formatUsd(bar.total)}`}</title>
            {bar.segments.map((s) => {
              const h = s.costUsd * scale;
              y -= h;
              return (
                <rect
                  key={s.model}
                  x={i * slot + (slot - barWidth) / 2}
                  y={y}
                  width={barWidth}
                  height={Math.max(0, h)}
                  fill={colour(chart, s.model)}
                  data-model={s.model}
                />
              );
            })}
          </g>
        );
      })}
    </svg>
  );
}

/** The caller's usage and cost (admins: everyone's) per day and model; nothing without the API. */
export function CostCard() {
  const { data, error } = useFetch(costsUrl(COST_DAYS), (signal) => getCosts(COST_DAYS, signal));
  if (error && isMissingApi(error)) return null;
  const chart = data ? costChart(data) : null;
  const totals = new Map(data?.byModel.map((m) => [m.model, m.costUsd]) ?? []);
  return (
    <div className="card chart-card" data-testid="cost-card">
      <div className="chart-header">
        <h2 className="card-title">Cost, last {COST_DAYS} days</h2>
        {data && (
          <span className="chart-legend small muted">
            <span className="mono strong accent" data-testid="cost-total">
              {formatUsd(data.total.costUsd)}
            </span>{' '}
            · {formatCount(data.total.inputTokens + data.total.outputTokens)} tokens
          </span>
        )}
      </div>
      {error ? (
        <p className="muted small">Could not load costs.</p>
      ) : !data || !chart ? (
        <p className="muted small">Loading…</p>
      ) : (
        <>
          <CostBars chart={chart} />
          {chart.models.length > 0 ? (
            <ul className="cost-legend small" data-testid="cost-legend">
              {chart.models.map((m) => (
                <li key={m}>
                  <span className="cost-swatch" style={{ background: colour(chart, m) }} />
                  <span className="mono" title={m}>
                    {m}
                  </span>{' '}
                  <span className="muted mono">
                    {totals.has(m) ? formatUsd(totals.get(m)) : ''}
                  </span>
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted small">No priced streams in these days.</p>
          )}
          {data.total.unpricedStreams > 0 && (
            <p className="muted small" data-testid="cost-unpriced">
              {formatCount(data.total.unpricedStreams)} stream
              {data.total.unpricedStreams === 1 ? '' : 's'} of models without a price (cost
              unknown).
            </p>
          )}
        </>
      )}
    </div>
  );
}
