import { Gauge, RefreshCw } from 'lucide-react';
import { errorMessage, isMissingApi } from '../../../lib/api';
import { describeRequests, formatLimit, formatMoney, hasSpend, type QuotaStatus } from '../quota';
import { UsageMeter } from './usage-meter';

/** "Your quota": the signed-in user's limits and what they use now (`GET /api/quota`). */
export function QuotaPanel({
  quota,
  error,
  loading,
  onReload,
}: {
  quota: QuotaStatus | undefined;
  error: unknown;
  loading: boolean;
  onReload: () => void;
}) {
  return (
    <section className="card quota-card" data-testid="quota-panel" aria-labelledby="quota-title">
      <div className="quota-header">
        <h2 className="card-title" id="quota-title">
          <Gauge size={16} aria-hidden="true" /> Your quota
        </h2>
        <span className="muted small">
          Your keys share it; a key may have lower limits of its own
        </span>
        <button
          type="button"
          className="icon-button small push-right"
          aria-label="Refresh quota"
          title="Refresh"
          data-testid="quota-refresh"
          disabled={loading}
          onClick={onReload}
        >
          <RefreshCw size={14} aria-hidden="true" className={loading ? 'spin' : undefined} />
        </button>
      </div>
      {error ? (
        <p className="muted small" data-testid="quota-error">
          {isMissingApi(error)
            ? 'Quotas are not available on this server yet.'
            : `Could not load your quota: ${errorMessage(error)}`}
        </p>
      ) : quota ? (
        <div className="quota-grid">
          <div className="usage" data-testid="quota-requests">
            <div className="usage-row">
              <span className="usage-label">Requests per minute</span>
              <span className="usage-value mono">{formatLimit(quota.requestsPerMinute)}</span>
            </div>
            <span className="muted small">{describeRequests(quota)}</span>
          </div>
          <UsageMeter
            label="Active streams"
            used={quota.activeStreams}
            limit={quota.concurrentStreams}
            testId="quota-streams"
          />
          <UsageMeter
            label="Tokens today (UTC)"
            used={quota.tokensToday}
            limit={quota.tokensPerDay}
            testId="quota-tokens"
          />
          {hasSpend(quota) && (
            <UsageMeter
              label="Spent today (UTC)"
              used={quota.usdToday ?? 0}
              limit={quota.usdPerDay ?? 0}
              format={formatMoney}
              testId="quota-usd"
            />
          )}
        </div>
      ) : (
        <p className="muted small">Loading your quota…</p>
      )}
    </section>
  );
}
