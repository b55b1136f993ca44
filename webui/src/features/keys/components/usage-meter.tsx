import { formatUsage, meterTone, usageRatio } from '../quota';

/**
 * "used / limit" with a bar (an ARIA meter) that turns amber from 80 % and red when full; just
 * "used / unlimited" without a limit.
 */
export function UsageMeter({
  label,
  used,
  limit,
  testId,
  compact = false,
  format,
}: {
  label: string;
  used: number;
  limit: number;
  testId?: string;
  compact?: boolean;
  /** How values are written (counts by default; `formatMoney` for dollars). */
  format?: (n: number) => string;
}) {
  const ratio = usageRatio(used, limit);
  const text = formatUsage(used, limit, format);
  return (
    <div className={`usage${compact ? ' usage-compact' : ''}`} data-testid={testId}>
      <div className="usage-row">
        <span className="usage-label">{label}</span>
        <span className="usage-value mono">{text}</span>
      </div>
      {ratio !== undefined && (
        <div
          className={`meter meter-${meterTone(ratio)}`}
          role="meter"
          aria-label={label}
          aria-valuemin={0}
          aria-valuemax={limit}
          aria-valuenow={Math.min(used, limit)}
          aria-valuetext={text}
          data-ratio={ratio.toFixed(2)}
        >
          <div className="meter-fill" style={{ width: `${(ratio * 100).toFixed(1)}%` }} />
        </div>
      )}
    </div>
  );
}
