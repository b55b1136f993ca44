import { isMissingApi } from '../../lib/api';
import { formatCount, formatUsd } from '../../lib/format';
import { useFetch } from '../../lib/use-fetch';
import { getGoalCost, goalCostUrl } from '../costs/costs';

/**
 * What the goal's streams cost (`GET /api/metrics/goals/{id}/cost`), fetched again whenever
 * `tokensUsed` changes (the goal is read again after its live events); nothing without the API.
 */
export function GoalCost({ goalId, tokensUsed }: { goalId: string; tokensUsed: number }) {
  const { data, error } = useFetch(`${goalCostUrl(goalId)}#${tokensUsed}`, (signal) =>
    getGoalCost(goalId, signal),
  );
  if (error && isMissingApi(error)) return null;
  return (
    <div className="goal-tokens">
      <span className="card-metric-label">Cost</span>
      <span className="tile-value mono" data-testid="goal-cost">
        {error ? '—' : formatUsd(data?.costUsd)}
      </span>
      {data && (
        <span className="muted small">
          {formatCount(data.streams)} stream{data.streams === 1 ? '' : 's'}
          {data.cachedInputTokens > 0 && ` · ${formatCount(data.cachedInputTokens)} cached`}
          {data.unpricedStreams > 0 && ` · ${formatCount(data.unpricedStreams)} unpriced`}
        </span>
      )}
    </div>
  );
}
