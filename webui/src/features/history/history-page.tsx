import { Download, Search, X } from 'lucide-react';
import { useEffect, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Pager } from '../../components/pager';
import { errorMessage } from '../../lib/api';
import { formatCount, formatMs } from '../../lib/format';
import { formatDateTime } from '../../lib/time';
import { useFetch } from '../../lib/use-fetch';
import { StatusBadge } from '../streams/components/status-badge';
import { isStreamStatus } from '../streams/wire-types';
import { HighlightedText } from './components/highlighted-text';
import {
  EMPTY_FILTER,
  HISTORY_STATUSES,
  QUERY_MAX,
  QUERY_MIN,
  exportUrl,
  historyUrl,
  listHistory,
  usableQuery,
  type HistoryFilter,
  type HistoryRecord,
} from './history-api';
import {
  isoToLocalInput,
  localInputToIso,
  readFilter,
  readPage,
  writeFilter,
} from './history-filter';
import './history.css';

export const PAGE_SIZE = 25;
const TYPING_DEBOUNCE_MS = 300;

/** The filters typed into text boxes (sent after a pause); the others apply at once. */
const TYPED = ['q', 'model', 'provider', 'goalId'] as const;
type Typed = (typeof TYPED)[number];

const STATUS_LABELS: Record<HistoryFilter['status'], string> = {
  '': 'Any status',
  active: 'Active (streaming)',
  completed: 'Completed',
  error: 'Error',
  cancelled: 'Cancelled',
  interrupted: 'Interrupted',
};

function tokens(r: HistoryRecord): number | undefined {
  const sum = (r.inputTokens ?? 0) + (r.outputTokens ?? 0);
  if (r.tokensUsed) return r.tokensUsed;
  return r.inputTokens != null || r.outputTokens != null ? sum : undefined;
}

function num(value: number | null | undefined): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function HistoryRow({ record, phrase }: { record: HistoryRecord; phrase: string }) {
  const link = `/streams?stream=${encodeURIComponent(record.requestId)}`;
  return (
    <tr data-testid="history-row" data-request-id={record.requestId} data-status={record.status}>
      <td className="small nowrap">
        <Link to={link} className="goal-link" data-testid="history-open">
          {formatDateTime(record.startedAt)}
          <span className="sr-only"> — open stream {record.requestId}</span>
        </Link>
      </td>
      <td className="mono small">{record.model}</td>
      <td className="mono small">{record.provider || '—'}</td>
      <td>
        {isStreamStatus(record.status) ? (
          <StatusBadge status={record.status} />
        ) : (
          <span className="badge badge-neutral">{String(record.status)}</span>
        )}
      </td>
      <td className="mono small">
        {record.goalId ? (
          <Link to={`/goals/${encodeURIComponent(record.goalId)}`}>{record.goalId}</Link>
        ) : (
          '—'
        )}
      </td>
      <td className="num mono small">{formatMs(num(record.ttftMs))}</td>
      <td className="num mono small">{formatMs(num(record.durationMs))}</td>
      <td className="num mono small">{formatCount(tokens(record))}</td>
      <td className="history-excerpt small">
        {record.prompt && (
          <p className="history-snippet" data-testid="history-prompt">
            <span className="history-snippet-label">Prompt</span>
            <HighlightedText text={record.prompt} phrase={phrase} />
          </p>
        )}
        {record.excerpt ? (
          <p className="history-snippet" data-testid="history-excerpt">
            <span className="history-snippet-label">Answer</span>
            <HighlightedText text={record.excerpt} phrase={phrase} />
          </p>
        ) : record.error ? (
          <p className="history-snippet danger-text" data-testid="history-error">
            <span className="history-snippet-label">Error</span>
            {record.error}
          </p>
        ) : null}
      </td>
    </tr>
  );
}

/**
 * `/history`: full-text search over the recorded streams' prompts and answers, with filters,
 * paged results and an export of everything that matches; the whole search lives in the URL.
 */
export function HistoryPage() {
  const [params, setParams] = useSearchParams();
  const filter = readFilter(params);
  const page = readPage(params);
  const [typed, setTyped] = useState<Record<Typed, string>>(() => ({
    q: filter.q,
    model: filter.model,
    provider: filter.provider,
    goalId: filter.goalId,
  }));

  // A URL changed elsewhere (back button, the nav link) wins over what the boxes hold.
  const urlTyped = TYPED.map((k) => filter[k]).join('\u0000');
  const [seenUrl, setSeenUrl] = useState(urlTyped);
  if (seenUrl !== urlTyped) {
    setSeenUrl(urlTyped);
    if (TYPED.some((k) => typed[k].trim() !== filter[k])) {
      setTyped(Object.fromEntries(TYPED.map((k) => [k, filter[k]])) as Record<Typed, string>);
    }
  }

  const apply = (changes: Partial<HistoryFilter>) =>
    setParams((prev) => writeFilter(prev, { ...readFilter(prev), ...changes }), { replace: true });

  // The URL (and the request) follow the text boxes after a short pause.
  const pending = TYPED.filter((k) => typed[k].trim() !== filter[k]);
  useEffect(() => {
    if (pending.length === 0) return;
    const id = setTimeout(
      () => apply(Object.fromEntries(pending.map((k) => [k, typed[k].trim()]))),
      TYPING_DEBOUNCE_MS,
    );
    return () => clearTimeout(id);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [typed, filter.q, filter.model, filter.provider, filter.goalId]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    apply(Object.fromEntries(TYPED.map((k) => [k, typed[k].trim()])));
  };

  const clear = () => {
    setTyped({ q: '', model: '', provider: '', goalId: '' });
    setParams((prev) => writeFilter(prev, EMPTY_FILTER), { replace: true });
  };

  const url = historyUrl(filter, page, PAGE_SIZE);
  const { data, error, loading } = useFetch(url, (signal) =>
    listHistory(filter, page, PAGE_SIZE, signal),
  );
  const pages = data ? Math.max(1, Math.ceil(data.total / (data.size || PAGE_SIZE))) : 1;
  const phrase = usableQuery(filter.q) ? filter.q.trim() : '';
  const shortQuery = typed.q.trim().length > 0 && typed.q.trim().length < QUERY_MIN;
  const filtered = Object.values(filter).some((v) => v !== '');

  const setPage = (n: number) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (n > 0) next.set('page', String(n));
        else next.delete('page');
        return next;
      },
      { replace: false },
    );

  return (
    <section className="page" data-testid="history-page">
      <div className="page-header">
        <h1 className="page-title">History</h1>
        <span className="muted small">Search the prompts and answers of recorded streams</span>
      </div>
      <form
        className="card history-filters"
        role="search"
        aria-label="Stream history"
        onSubmit={submit}
      >
        <div className="history-search-row">
          <label className="search-field history-search-field">
            <Search size={15} className="muted" aria-hidden="true" />
            <span className="sr-only">Search prompts and answers</span>
            <input
              className="input"
              type="search"
              placeholder="Phrase in a prompt or an answer"
              maxLength={QUERY_MAX}
              data-testid="history-search"
              aria-describedby="history-search-hint"
              value={typed.q}
              onChange={(e) => setTyped((v) => ({ ...v, q: e.target.value }))}
            />
          </label>
          <span id="history-search-hint" className="small muted" aria-live="polite">
            {shortQuery ? `Type at least ${QUERY_MIN} characters to search.` : ''}
          </span>
          <div className="history-actions">
            <a
              className="button small"
              href={exportUrl(filter, 'json')}
              download
              data-testid="export-json"
            >
              <Download size={14} aria-hidden="true" /> Export JSON
            </a>
            <a
              className="button small"
              href={exportUrl(filter, 'csv')}
              download
              data-testid="export-csv"
            >
              <Download size={14} aria-hidden="true" /> Export CSV
            </a>
          </div>
        </div>
        <div className="history-filter-grid">
          {(
            [
              ['model', 'Model'],
              ['provider', 'Provider'],
              ['goalId', 'Goal id'],
            ] as const
          ).map(([key, label]) => (
            <label className="field" key={key}>
              <span className="field-label">{label}</span>
              <input
                className="input mono"
                placeholder="any"
                data-testid={`history-filter-${key}`}
                value={typed[key]}
                onChange={(e) => setTyped((v) => ({ ...v, [key]: e.target.value }))}
              />
            </label>
          ))}
          <label className="field">
            <span className="field-label">Status</span>
            <select
              className="input"
              data-testid="history-filter-status"
              value={filter.status}
              onChange={(e) => apply({ status: e.target.value as HistoryFilter['status'] })}
            >
              {(['', ...HISTORY_STATUSES] as const).map((s) => (
                <option key={s} value={s}>
                  {STATUS_LABELS[s]}
                </option>
              ))}
            </select>
          </label>
          {(
            [
              ['from', 'Started from'],
              ['to', 'Started until'],
            ] as const
          ).map(([key, label]) => (
            <label className="field" key={key}>
              <span className="field-label">{label}</span>
              <input
                className="input"
                type="datetime-local"
                data-testid={`history-filter-${key}`}
                value={isoToLocalInput(filter[key])}
                onChange={(e) => apply({ [key]: localInputToIso(e.target.value) })}
              />
            </label>
          ))}
          <div className="history-filter-end">
            {data && (
              <span className="muted small" data-testid="history-count" aria-live="polite">
                {formatCount(data.total)} {data.total === 1 ? 'stream' : 'streams'}
              </span>
            )}
            <button type="button" className="button small" onClick={clear} disabled={!filtered}>
              <X size={14} aria-hidden="true" /> Clear
            </button>
          </div>
        </div>
      </form>
      <div
        className="history-results"
        data-testid="history-results"
        data-total={data?.total ?? ''}
        aria-busy={loading}
      >
        {error ? (
          <div className="card empty" role="alert" data-testid="history-error">
            Could not search the streams: {errorMessage(error)}
          </div>
        ) : data && data.items.length > 0 ? (
          <div className="card table-card">
            <table className="table history-table">
              <caption className="sr-only">
                Streams {filtered ? 'matching the search' : 'recorded'}, newest first
              </caption>
              <thead>
                <tr>
                  <th scope="col">Started</th>
                  <th scope="col">Model</th>
                  <th scope="col">Provider</th>
                  <th scope="col">Status</th>
                  <th scope="col">Goal</th>
                  <th scope="col" className="num">
                    TTFT
                  </th>
                  <th scope="col" className="num">
                    Duration
                  </th>
                  <th scope="col" className="num">
                    Tokens
                  </th>
                  <th scope="col">Prompt and answer</th>
                </tr>
              </thead>
              <tbody>
                {data.items.map((record) => (
                  <HistoryRow key={record.requestId} record={record} phrase={phrase} />
                ))}
              </tbody>
            </table>
            {pages > 1 && (
              <Pager page={page} pages={pages} onPage={setPage} testId="history-page-of" />
            )}
          </div>
        ) : (
          <div className="card empty" data-testid="history-empty">
            {loading
              ? 'Searching…'
              : filtered
                ? 'No stream matches this search.'
                : 'No streams recorded yet.'}
          </div>
        )}
      </div>
    </section>
  );
}
