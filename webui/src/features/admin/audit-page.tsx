import { Search } from 'lucide-react';
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { errorMessage } from '../../lib/api';
import { formatDateTime } from '../../lib/time';
import { useFetch } from '../../lib/use-fetch';
import { auditUrl, listAudit, outcomeTone } from './admin-api';
import { Pager } from '../../components/pager';

const PAGE_SIZE = 50;
const FILTER_DEBOUNCE_MS = 250;

const TONE_CLASSES = {
  ok: 'badge-completed',
  danger: 'badge-error',
  neutral: 'badge-neutral',
} as const;

type FilterKey = 'action' | 'principal';

/** `/audit` (admins): who did what, when and from where; filters and page in the URL. */
export function AuditPage() {
  const [params, setParams] = useSearchParams();
  const action = params.get('action') ?? '';
  const principal = params.get('principal') ?? '';
  const page = Math.max(0, Number.parseInt(params.get('page') ?? '0', 10) || 0);
  const [inputs, setInputs] = useState({ action, principal });

  const setParam = (key: FilterKey | 'page', value: string) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (value) next.set(key, value);
        else next.delete(key);
        if (key !== 'page') next.delete('page');
        return next;
      },
      { replace: true },
    );

  // The URL (and the request) follow the inputs after a short pause.
  useEffect(() => {
    const changed = (['action', 'principal'] as const).filter(
      (k) => inputs[k].trim() !== (k === 'action' ? action : principal),
    );
    if (changed.length === 0) return;
    const id = setTimeout(() => {
      for (const k of changed) setParam(k, inputs[k].trim());
    }, FILTER_DEBOUNCE_MS);
    return () => clearTimeout(id);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [inputs, action, principal]);

  const query = { action, principal, page, size: PAGE_SIZE };
  const { data, error, loading } = useFetch(auditUrl(query), (signal) => listAudit(query, signal));
  const pages = data ? Math.max(1, Math.ceil(data.total / (data.size || PAGE_SIZE))) : 1;

  return (
    <section className="page">
      <div className="page-header">
        <h1 className="page-title">Audit log</h1>
        <span className="muted small">Sign-ins, keys, users and other security events</span>
      </div>
      <div className="card filters" role="search">
        {(['action', 'principal'] as const).map((key) => (
          <label className="search-field" key={key}>
            <Search size={15} className="muted" aria-hidden="true" />
            <input
              className="input"
              type="search"
              placeholder={key === 'action' ? 'Action, e.g. auth.login' : 'User'}
              aria-label={key === 'action' ? 'Filter by action' : 'Filter by user'}
              data-testid={`audit-filter-${key}`}
              value={inputs[key]}
              onChange={(e) => setInputs((v) => ({ ...v, [key]: e.target.value }))}
            />
          </label>
        ))}
        {data && (
          <span className="muted small filters-count" data-testid="audit-count">
            {data.total} {data.total === 1 ? 'entry' : 'entries'}
          </span>
        )}
      </div>
      {error ? (
        <div className="card empty" role="alert" data-testid="audit-error">
          Could not load the audit log: {errorMessage(error)}
        </div>
      ) : data && data.items.length > 0 ? (
        <div className="card table-card">
          <table className="table" data-testid="audit-table">
            <thead>
              <tr>
                <th>When</th>
                <th>Who</th>
                <th>Action</th>
                <th>Target</th>
                <th>Address</th>
                <th>Outcome</th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((entry) => (
                <tr key={entry.id} data-testid="audit-row" data-action={entry.action}>
                  <td className="small nowrap">{formatDateTime(entry.at)}</td>
                  <td>{entry.principal || '—'}</td>
                  <td className="mono small">{entry.action}</td>
                  <td className="mono small url-cell" title={entry.target ?? undefined}>
                    {entry.target || '—'}
                  </td>
                  <td className="mono small">{entry.address || '—'}</td>
                  <td>
                    <span className={`badge ${TONE_CLASSES[outcomeTone(entry.outcome)]}`}>
                      {entry.outcome}
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {pages > 1 && (
            <Pager
              page={page}
              pages={pages}
              onPage={(n) => setParam('page', String(n))}
              testId="audit-page"
            />
          )}
        </div>
      ) : (
        <div className="card empty" data-testid="audit-empty">
          {loading
            ? 'Loading the audit log…'
            : action || principal
              ? 'No entry matches these filters.'
              : 'The audit log is empty.'}
        </div>
      )}
    </section>
  );
}
