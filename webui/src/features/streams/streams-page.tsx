import { Filter } from 'lucide-react';
import { useCallback, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { ALL_STREAMS_PATH } from './channels';
import { MetricTiles } from './components/metric-tiles';
import { StreamDrawer } from './components/stream-drawer';
import { StreamList } from './components/stream-list';
import { STATUS_OPTIONS, filterAndSortStreams, type StreamFilter } from './stream-filters';
import { useChannel, useStreamState } from './use-streams';

function readFilter(params: URLSearchParams): StreamFilter {
  const status = params.get('status');
  return {
    status: STATUS_OPTIONS.includes(status as StreamFilter['status'])
      ? (status as StreamFilter['status'])
      : 'all',
    model: params.get('model') ?? '',
    goal: params.get('goal') ?? '',
  };
}

export function StreamsPage() {
  const channel = useChannel(ALL_STREAMS_PATH);
  const state = useStreamState(channel?.store ?? null);
  const [params, setParams] = useSearchParams();
  // The inputs own the filter (fast typing never waits for, or races, a URL update); the URL
  // mirrors it so filters are deep-linkable and survive a reload.
  const [filter, setFilter] = useState<StreamFilter>(() => readFilter(params));

  const update = (key: keyof StreamFilter, value: string) => {
    const next = { ...filter, [key]: value } as StreamFilter;
    setFilter(next);
    setParams(
      (prev) => {
        const url = new URLSearchParams(prev);
        for (const k of ['status', 'model', 'goal'] as const) {
          const v = next[k];
          if (!v || v === 'all') url.delete(k);
          else url.set(k, v);
        }
        return url;
      },
      { replace: true },
    );
  };

  const all = state?.streams;
  const { status, model, goal } = filter;
  const streams = useMemo(
    () => filterAndSortStreams(all ?? [], { status, model, goal }),
    [all, status, model, goal],
  );
  const openId = params.get('stream');
  const open = useCallback(
    (requestId: string) =>
      setParams((prev) => {
        const next = new URLSearchParams(prev);
        next.set('stream', requestId);
        return next;
      }),
    [setParams],
  );
  const close = () =>
    setParams((prev) => {
      const next = new URLSearchParams(prev);
      next.delete('stream');
      return next;
    });
  const filtered = filter.status !== 'all' || filter.model !== '' || filter.goal !== '';

  return (
    <section className="page">
      <div className="page-header">
        <h1 className="page-title">Streams</h1>
        <span className="muted small">Every LLM stream on the server, live</span>
      </div>
      {state && <MetricTiles metrics={state.metrics} />}
      <div className="card filters" role="search">
        <Filter size={16} className="muted" aria-hidden="true" />
        <label className="field inline">
          <span className="field-label">Status</span>
          <select
            className="input"
            data-testid="filter-status"
            value={filter.status}
            onChange={(e) => update('status', e.target.value)}
          >
            {STATUS_OPTIONS.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <label className="field inline">
          <span className="field-label">Model</span>
          <input
            className="input mono"
            data-testid="filter-model"
            value={filter.model}
            placeholder="any"
            onChange={(e) => update('model', e.target.value)}
          />
        </label>
        <label className="field inline">
          <span className="field-label">Goal</span>
          <input
            className="input mono"
            data-testid="filter-goal"
            value={filter.goal}
            placeholder="any"
            onChange={(e) => update('goal', e.target.value)}
          />
        </label>
        <span className="muted small filters-count" data-testid="filter-count">
          {streams.length} of {all?.length ?? 0}
        </span>
      </div>
      <StreamList
        streams={streams}
        onOpen={open}
        empty={filtered ? 'No stream matches these filters.' : 'No streams yet.'}
      />
      <StreamDrawer
        requestId={openId}
        stream={openId ? all?.find((s) => s.requestId === openId) : undefined}
        onClose={close}
      />
    </section>
  );
}
