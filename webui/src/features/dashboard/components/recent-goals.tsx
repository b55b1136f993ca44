import { ArrowRight } from 'lucide-react';
import { Link } from 'react-router';
import { isMissingApi } from '../../../lib/api';
import { useFetch } from '../../../lib/use-fetch';
import { useAuth } from '../../auth/use-auth';
import { GoalTable } from '../../goals/goal-table';
import { goalsUrl, listGoals } from '../../goals/goals-api';

const QUERY = { size: 5 };

/** The five newest goals; renders nothing when the server has no goals API. */
export function RecentGoals() {
  const canCreate = useAuth().can('operator');
  const { data, error } = useFetch(goalsUrl(QUERY), (signal) => listGoals(QUERY, signal));
  if (error && isMissingApi(error)) return null;
  return (
    <div className="card recent-goals" data-testid="recent-goals">
      <div className="chart-header">
        <h2 className="card-title">Recent goals</h2>
        <Link to="/goals" className="small link-with-icon">
          All goals <ArrowRight size={12} aria-hidden="true" />
        </Link>
      </div>
      {error ? (
        <p className="muted small">Could not load goals.</p>
      ) : !data ? (
        <p className="muted small">Loading…</p>
      ) : data.items.length === 0 ? (
        <p className="muted small">
          No goals yet.{canCreate && <Link to="/goals/new"> Create one.</Link>}
        </p>
      ) : (
        <GoalTable goals={data.items} compact />
      )}
    </div>
  );
}
