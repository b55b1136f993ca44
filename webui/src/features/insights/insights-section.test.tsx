import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { installFakeWebSockets } from '../../test/fake-websocket';
import { json, renderRoute, stubFetch, type FetchCall } from '../../test/render';
import type { Timeseries } from './timeseries-api';

installFakeWebSockets();

const MIN = 60_000;
const T0 = Date.UTC(2026, 11, 6, 10, 0, 0);

const SAMPLE: Timeseries = {
  range: '1h',
  from: T0,
  to: T0 + 10 * MIN,
  bucketMs: MIN,
  models: [
    {
      model: 'sim/demo',
      points: [
        {
          t: T0 + MIN,
          streams: 2,
          errors: 0,
          ttftP50Ms: 120,
          ttftP95Ms: 300,
          tokensPerSecond: 40,
        },
        {
          t: T0 + 4 * MIN,
          streams: 1,
          errors: 0,
          ttftP50Ms: 150,
          ttftP95Ms: 150,
          tokensPerSecond: 35,
        },
      ],
    },
    {
      model: 'sim/x~status=500',
      points: [
        {
          t: T0 + 4 * MIN,
          streams: 1,
          errors: 1,
          ttftP50Ms: null,
          ttftP95Ms: null,
          tokensPerSecond: null,
        },
      ],
    },
  ],
  errors: [{ provider: 'sim', type: 'http_500', count: 1 }],
  totals: [
    { t: T0 + MIN, streams: 2, errors: 0 },
    { t: T0 + 4 * MIN, streams: 2, errors: 1 },
  ],
};

let calls: FetchCall[];
let answer: (url: string) => Response;

beforeEach(() => {
  answer = () => json(200, SAMPLE);
  calls = stubFetch({ 'GET /api/metrics/timeseries': (url) => answer(url) });
});

afterEach(() => {
  vi.useRealTimers();
});

const timeseriesCalls = () =>
  calls.filter((c) => c.url.startsWith('/api/metrics/timeseries')).map((c) => c.url);

describe('Dashboard charts', () => {
  it('draws TTFT, tokens/s, streams per minute and errors from the aggregates', async () => {
    renderRoute('/');
    const ttft = await screen.findByTestId('chart-ttft');
    expect(timeseriesCalls()).toEqual(['/api/metrics/timeseries?range=1h']);

    // p50 and p95 of sim/demo; the model whose only stream failed has no TTFT and is left off.
    const svg = within(ttft).getByRole('img');
    expect(svg).toHaveAccessibleName(/time to first token per model.*last hour/i);
    expect(svg).toHaveAttribute('data-series', '2');
    expect(within(ttft).getByTestId('chart-legend')).not.toHaveTextContent('status=500');
    expect(ttft.querySelector('[data-series="sim/demo p95"] path')).toHaveAttribute(
      'stroke-dasharray',
      '6 4',
    );
    // A marker per bucket with a value, with its shape in the legend too.
    expect(
      ttft.querySelectorAll('[data-series="sim/demo p50"] [data-marker="circle"]'),
    ).toHaveLength(2);
    expect(within(ttft).getByTestId('chart-legend')).toHaveTextContent('sim/demo');
    expect(within(ttft).getByTestId('chart-legend')).toHaveTextContent('p95 (dashed)');
    // The numbers for screen readers.
    const table = within(ttft).getByRole('table', { hidden: true });
    expect(within(table).getAllByRole('row')).toHaveLength(3); // header + 2 buckets with data
    expect(table).toHaveTextContent('120 ms');
    expect(table).toHaveTextContent('300 ms');

    expect(within(screen.getByTestId('chart-tps')).getByRole('img')).toHaveAttribute(
      'data-series',
      '1',
    );
    const streams = screen.getByTestId('chart-streams');
    expect(within(streams).getByRole('img')).toHaveAttribute('data-bars', '2');
    expect(streams.querySelectorAll('[data-errors="1"]')).toHaveLength(1);
    expect(screen.getByTestId('chart-streams-summary')).toHaveTextContent('4 streams, 1 failed');

    const errors = screen.getByTestId('chart-errors');
    const bar = within(errors).getByTestId('error-bar');
    expect(bar).toHaveAttribute('data-provider', 'sim');
    expect(bar).toHaveTextContent('sim · http_500');
    expect(bar).toHaveTextContent('1 failed streams');
  });

  it('fetches the chosen range and keeps it in the URL', async () => {
    const router = renderRoute('/');
    await screen.findByTestId('chart-ttft');
    const picker = screen.getByTestId('range-picker');
    expect(within(picker).getByRole('radio', { name: /^1 h ?\(last hour\)$/ })).toBeChecked();

    fireEvent.click(within(picker).getByRole('radio', { name: /^6 h ?\(last 6 hours\)$/ }));
    await waitFor(() => expect(timeseriesCalls()).toContain('/api/metrics/timeseries?range=6h'));
    expect(router.state.location.search).toBe('?range=6h');
    expect(within(picker).getByRole('radio', { name: /^6 h ?\(last 6 hours\)$/ })).toBeChecked();
    expect(screen.getByRole('heading', { name: /streams, last 6 hours/i })).toBeInTheDocument();
  });

  it('fetches again every 30 seconds', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    renderRoute('/?range=15m');
    await screen.findByTestId('chart-ttft');
    expect(timeseriesCalls()).toEqual(['/api/metrics/timeseries?range=15m']);
    await act(async () => {
      vi.advanceTimersByTime(30_000);
    });
    await waitFor(() => expect(timeseriesCalls()).toHaveLength(2));
    expect(screen.getByTestId('chart-ttft')).toBeInTheDocument();
  });

  it('says so when the range has no streams', async () => {
    answer = () =>
      json(200, { ...SAMPLE, models: [], errors: [], totals: [] } satisfies Timeseries);
    renderRoute('/');
    expect(await screen.findByTestId('insights-empty')).toHaveTextContent(
      'No streams in the last hour',
    );
    expect(screen.queryByTestId('chart-ttft')).toBeNull();
  });

  it('shows a chart card as empty when it has nothing to draw', async () => {
    answer = () =>
      json(200, {
        ...SAMPLE,
        errors: [],
        models: [SAMPLE.models[0]],
      } satisfies Timeseries);
    renderRoute('/');
    const errors = await screen.findByTestId('chart-errors');
    expect(errors).toHaveAttribute('data-state', 'empty');
    expect(errors).toHaveTextContent('No errors in the last hour');
  });

  it('hides the charts on a server without the API and reports other failures', async () => {
    answer = () => json(404, { title: 'Not Found', status: 404 });
    renderRoute('/');
    await waitFor(() => expect(timeseriesCalls()).toHaveLength(1));
    await waitFor(() => expect(screen.queryByTestId('insights')).toBeNull());
  });

  it('reports a failed request', async () => {
    answer = () => json(400, { title: 'Bad Request', status: 400, detail: 'bad range' });
    renderRoute('/');
    expect(await screen.findByTestId('insights-error')).toHaveTextContent('bad range');
  });
});
