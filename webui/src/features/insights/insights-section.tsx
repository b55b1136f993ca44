import { useEffect, useId, useMemo, type ReactNode } from 'react';
import { useSearchParams } from 'react-router';
import { errorMessage, isMissingApi } from '../../lib/api';
import { formatCount, formatMs, formatRate } from '../../lib/format';
import { useFetch } from '../../lib/use-fetch';
import {
  bucketGrid,
  chartModels,
  errorBars,
  isEmpty,
  modelLines,
  streamsPerMinute,
  type ModelLine,
} from './chart-data';
import { ErrorBars } from './components/error-bars';
import { LineChart, type LineSeries } from './components/line-chart';
import { ModelLegend } from './components/model-legend';
import { RangePicker } from './components/range-picker';
import { StreamsChart } from './components/streams-chart';
import { seriesStyle, type SeriesStyle } from './series-style';
import {
  DEFAULT_RANGE,
  RANGE_LABELS,
  getTimeseries,
  isRange,
  timeseriesUrl,
  type Range,
  type Timeseries,
} from './timeseries-api';
import './insights.css';

/** The charts fetch again this often (and whenever the range changes). */
export const REFRESH_MS = 30_000;

function ChartCard({
  title,
  testId,
  empty,
  children,
}: {
  title: string;
  testId: string;
  /** Shown instead of the chart when set. */
  empty?: string | null;
  children: ReactNode;
}) {
  const id = useId();
  return (
    <section
      className="card chart-card insights-card"
      aria-labelledby={id}
      data-testid={testId}
      data-state={empty ? 'empty' : 'ready'}
    >
      <h3 className="card-title" id={id}>
        {title}
      </h3>
      {empty ? <p className="muted small insights-empty">{empty}</p> : children}
    </section>
  );
}

function Charts({ ts, range }: { ts: Timeseries; range: Range }) {
  const shaped = useMemo(() => {
    const grid = bucketGrid(ts);
    const { models, hidden } = chartModels(ts);
    const styles = new Map<string, SeriesStyle>(models.map((m, i) => [m, seriesStyle(i)]));
    const lines = (field: 'ttftP50Ms' | 'ttftP95Ms' | 'tokensPerSecond') =>
      modelLines(ts, field, grid, models);
    return {
      grid,
      models,
      hidden,
      styles,
      p50: lines('ttftP50Ms'),
      p95: lines('ttftP95Ms'),
      tps: lines('tokensPerSecond'),
      bars: streamsPerMinute(ts, grid),
      errors: errorBars(ts),
    };
  }, [ts]);
  const { grid, models, hidden, styles, p50, p95, tps, bars, errors } = shaped;
  const when = RANGE_LABELS[range].long;
  const style = (model: string) => styles.get(model) ?? seriesStyle(0);
  // A model without a single value on a chart (e.g. one whose streams all failed before their
  // first token) is left off that chart and its legend.
  const hasAny = (values: ReadonlyArray<number | null>) => values.some((v) => v !== null);
  const drawn = (...sets: ModelLine[][]) =>
    models.filter((m) => sets.some((set) => set.some((l) => l.model === m && hasAny(l.values))));
  const ttftModels = drawn(p50, p95);
  const tpsModels = drawn(tps);
  const ttftSeries: LineSeries[] = [
    ...p50
      .filter((l) => ttftModels.includes(l.model))
      .map((l) => ({
        key: `${l.model}-p50`,
        label: `${l.model} p50`,
        style: style(l.model),
        variant: 'solid' as const,
        values: l.values,
      })),
    ...p95
      .filter((l) => ttftModels.includes(l.model))
      .map((l) => ({
        key: `${l.model}-p95`,
        label: `${l.model} p95`,
        style: style(l.model),
        variant: 'dashed' as const,
        values: l.values,
      })),
  ];
  const tpsSeries: LineSeries[] = tps
    .filter((l) => tpsModels.includes(l.model))
    .map((l) => ({
      key: l.model,
      label: l.model,
      style: style(l.model),
      variant: 'solid',
      values: l.values,
    }));
  const hasValues = (series: LineSeries[]) => series.some((s) => s.values.some((v) => v !== null));
  const totalStreams = bars.reduce((s, b) => s + b.streams, 0);
  const totalErrors = bars.reduce((s, b) => s + b.errors, 0);
  const peak = bars.reduce((m, b) => Math.max(m, b.perMinute), 0);
  return (
    <div className="insights-charts">
      <ChartCard
        title="Time to first token, p50 and p95"
        testId="chart-ttft"
        empty={hasValues(ttftSeries) ? null : `No first token in the ${when}.`}
      >
        <LineChart
          grid={grid}
          bucketMs={ts.bucketMs}
          range={range}
          series={ttftSeries}
          label={`Time to first token per model, p50 (solid) and p95 (dashed), ${when}`}
          format={(v) => formatMs(v)}
        />
        <ModelLegend
          models={ttftModels}
          styles={styles}
          hidden={hidden}
          variants={{ solid: 'p50 (solid)', dashed: 'p95 (dashed)' }}
        />
      </ChartCard>
      <ChartCard
        title="Tokens per second"
        testId="chart-tps"
        empty={hasValues(tpsSeries) ? null : `No token rates in the ${when}.`}
      >
        <LineChart
          grid={grid}
          bucketMs={ts.bucketMs}
          range={range}
          series={tpsSeries}
          label={`Tokens per second per model, ${when}`}
          format={(v) => `${formatRate(v)} tok/s`}
          formatTick={(v) => formatRate(v)}
        />
        <ModelLegend models={tpsModels} styles={styles} hidden={hidden} />
      </ChartCard>
      <ChartCard
        title="Streams per minute"
        testId="chart-streams"
        empty={totalStreams > 0 ? null : `No streams in the ${when}.`}
      >
        <p className="small muted" data-testid="chart-streams-summary">
          {formatCount(totalStreams)} stream{totalStreams === 1 ? '' : 's'},{' '}
          {formatCount(totalErrors)} failed · peak {formatRate(peak)}/min
        </p>
        <StreamsChart
          bars={bars}
          bucketMs={ts.bucketMs}
          range={range}
          label={`Streams per minute, failed ones hatched, ${when}`}
        />
      </ChartCard>
      <ChartCard
        title="Errors by provider and type"
        testId="chart-errors"
        empty={errors.length > 0 ? null : `No errors in the ${when}.`}
      >
        <ErrorBars bars={errors} label={`Failed streams by provider and error type, ${when}`} />
      </ChartCard>
    </div>
  );
}

/**
 * The dashboard's charts of the streams of a time range (the caller's own; an admin's: all),
 * from the server's aggregates; the range is kept in the URL (`?range=6h`). Nothing without the
 * API.
 */
export function InsightsSection() {
  const [params, setParams] = useSearchParams();
  const requested = params.get('range');
  const range: Range = isRange(requested) ? requested : DEFAULT_RANGE;
  const { data, error, loading, reload } = useFetch(timeseriesUrl(range), (signal) =>
    getTimeseries(range, signal),
  );

  useEffect(() => {
    const id = setInterval(reload, REFRESH_MS);
    return () => clearInterval(id);
  }, [reload, range]);

  const choose = (next: Range) =>
    setParams(
      (prev) => {
        const url = new URLSearchParams(prev);
        if (next === DEFAULT_RANGE) url.delete('range');
        else url.set('range', next);
        return url;
      },
      { replace: true },
    );

  if (error && isMissingApi(error)) return null;
  return (
    <section className="insights" aria-labelledby="insights-title" data-testid="insights">
      <div className="section-header insights-header">
        <h2 className="section-title" id="insights-title">
          Streams, {RANGE_LABELS[range].long}
        </h2>
        <RangePicker value={range} onChange={choose} />
      </div>
      {error ? (
        <div className="card empty" role="alert" data-testid="insights-error">
          Could not load the charts: {errorMessage(error)}
        </div>
      ) : !data ? (
        <div className="card empty" data-testid="insights-loading" aria-busy={loading}>
          Loading charts…
        </div>
      ) : isEmpty(data) ? (
        <div className="card empty" data-testid="insights-empty">
          No streams in the {RANGE_LABELS[range].long}. Charts appear once streams ran.
        </div>
      ) : (
        <Charts ts={data} range={range} />
      )}
    </section>
  );
}
