import { Plus, Search } from 'lucide-react';
import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { ApiError, isMissingApi } from '../../lib/api';
import { useFetch } from '../../lib/use-fetch';
import { useAuth } from '../auth/use-auth';
import { GoalTable } from './goal-table';
import { GOAL_STATUSES, goalsUrl, listGoals } from './goals-api';
import { Pager } from '../../components/pager';

const PAGE_SIZE = 20;
const SEARCH_DEBOUNCE_MS = 250;

export function GoalsPage() {
  const [params, setParams] = useSearchParams();
  const canCreate = useAuth().can('operator');
  const status = params.get('status') ?? '';
  const q = params.get('q') ?? '';
  const page = Math.max(0, Number.parseInt(params.get('page') ?? '0', 10) || 0);
  const [search, setSearch] = useState(q);

  const setParam = (key: string, value: string) =>
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

  // Debounced search: the URL (and the request) follow the input after a short pause.
  useEffect(() => {
    if (search === q) return;
    const id = setTimeout(() => setParam('q', search.trim()), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(id);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [search, q]);

  const query = { status, q, page, size: PAGE_SIZE };
  const { data, error, loading } = useFetch(goalsUrl(query), (signal) => listGoals(query, signal));
  const pages = data ? Math.max(1, Math.ceil(data.total / (data.size || PAGE_SIZE))) : 1;

  return (
    <section className="page">
      <div className="page-header">
        <h1 className="page-title">Goals</h1>
        <span className="muted small">What the agent has been asked to do</span>
        {canCreate && (
          <Link to="/goals/new" className="button primary push-right" data-testid="new-goal-link">
            <Plus size={16} aria-hidden="true" />
            New goal
          </Link>
        )}
      </div>
      <div className="card filters" role="search">
        <div
          className="segmented"
          role="group"
          aria-label="Status"
          data-testid="goal-status-filter"
        >
          {['', ...GOAL_STATUSES].map((s) => (
            <button
              key={s || 'all'}
              type="button"
              className={`segment${status === s ? ' active' : ''}`}
              aria-pressed={status === s}
              data-value={s || 'all'}
              onClick={() => setParam('status', s)}
            >
              {s || 'all'}
            </button>
          ))}
        </div>
        <label className="search-field">
          <Search size={15} className="muted" aria-hidden="true" />
          <input
            className="input"
            type="search"
            placeholder="Search title or description"
            aria-label="Search goals"
            data-testid="goal-search"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
          />
        </label>
        {data && (
          <span className="muted small filters-count" data-testid="goal-count">
            {data.total} {data.total === 1 ? 'goal' : 'goals'}
          </span>
        )}
      </div>
      {error ? (
        <div className="card empty" data-testid="goals-unavailable">
          {isMissingApi(error)
            ? 'The goals API is not available on this server yet.'
            : `Could not load goals: ${error instanceof ApiError ? error.message : String(error)}`}
        </div>
      ) : data && data.items.length > 0 ? (
        <div className="card table-card">
          <GoalTable goals={data.items} />
          {pages > 1 && (
            <Pager page={page} pages={pages} onPage={(n) => setParam('page', String(n))} />
          )}
        </div>
      ) : (
        <div className="card empty" data-testid="goals-empty">
          {loading ? (
            'Loading goals…'
          ) : status || q ? (
            'No goal matches these filters.'
          ) : canCreate ? (
            <>
              No goals yet. <Link to="/goals/new">Create the first one</Link>.
            </>
          ) : (
            'No goals yet.'
          )}
        </div>
      )}
    </section>
  );
}
