import { formatCount } from '../../../lib/format';
import type { ErrorBar } from '../chart-data';

/** Failed streams by provider and error type: horizontal bars, each with its count as text. */
export function ErrorBars({ bars, label }: { bars: readonly ErrorBar[]; label: string }) {
  return (
    <ul className="error-bars" aria-label={label} data-bars={bars.length}>
      {bars.map((e) => (
        <li
          key={`${e.provider}\u0000${e.type}`}
          className="error-bar"
          data-testid="error-bar"
          data-provider={e.provider}
          data-type={e.type}
        >
          <span className="error-bar-label small" title={`${e.provider} · ${e.type}`}>
            <span className="mono">{e.provider}</span> · {e.type}
          </span>
          <span className="error-bar-track" aria-hidden="true">
            <span className="error-bar-fill" style={{ width: `${Math.max(2, e.share * 100)}%` }} />
          </span>
          <span className="error-bar-count mono strong">
            {formatCount(e.count)}
            <span className="sr-only"> failed streams</span>
          </span>
        </li>
      ))}
    </ul>
  );
}
