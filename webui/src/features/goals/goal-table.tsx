import { Link } from 'react-router';
import { StateBadge } from '../../components/state-badge';
import { formatCount } from '../../lib/format';
import { formatAgo, formatDateTime } from '../../lib/time';
import type { Goal } from './goals-api';

/** Goals as table rows: title (link), status, model or tier, owner, tokens, created. */
export function GoalTable({ goals, compact = false }: { goals: Goal[]; compact?: boolean }) {
  return (
    <table className="table" data-testid="goal-table">
      <thead>
        <tr>
          <th>Goal</th>
          <th>Status</th>
          {!compact && <th>Model / tier</th>}
          {!compact && <th>Owner</th>}
          <th className="num">Tokens</th>
          <th className="num">Created</th>
        </tr>
      </thead>
      <tbody>
        {goals.map((g) => (
          <tr key={g.id} data-testid="goal-row" data-goal-id={g.id} data-status={g.status}>
            <td className="goal-title-cell">
              <Link to={`/goals/${encodeURIComponent(g.id)}`} className="goal-link">
                {g.title}
              </Link>
              <span className="muted small mono">{g.id}</span>
            </td>
            <td>
              <StateBadge status={g.status} />
            </td>
            {!compact && <td className="mono small">{g.model || g.tier || 'default'}</td>}
            {!compact && <td className="small">{g.owner ?? '—'}</td>}
            <td className="num mono">{formatCount(g.tokensUsed ?? undefined)}</td>
            <td className="num small muted" title={formatDateTime(g.createdAt)}>
              {formatAgo(g.createdAt)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
