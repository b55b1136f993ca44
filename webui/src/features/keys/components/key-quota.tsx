import { DASH } from '../../../lib/format';
import { describeRequests, formatMoney, hasSpend, type QuotaStatus } from '../quota';
import { UsageMeter } from './usage-meter';

/** A key's own limits (within its owner's) and its usage, for the key list. */
export function KeyQuota({ quota }: { quota: QuotaStatus | null | undefined }) {
  if (!quota) {
    return (
      <span className="muted" data-testid="key-quota">
        {DASH}
      </span>
    );
  }
  return (
    <div className="key-quota" data-testid="key-quota">
      <div className="usage-row small" data-testid="key-quota-requests">
        <span className="usage-label">req/min</span>
        <span className="usage-value mono">{describeRequests(quota)}</span>
      </div>
      <UsageMeter
        compact
        label="streams"
        used={quota.activeStreams}
        limit={quota.concurrentStreams}
        testId="key-quota-streams"
      />
      <UsageMeter
        compact
        label="tokens today"
        used={quota.tokensToday}
        limit={quota.tokensPerDay}
        testId="key-quota-tokens"
      />
      {hasSpend(quota) && (
        <UsageMeter
          compact
          label="spent today"
          used={quota.usdToday ?? 0}
          limit={quota.usdPerDay ?? 0}
          format={formatMoney}
          testId="key-quota-usd"
        />
      )}
    </div>
  );
}
