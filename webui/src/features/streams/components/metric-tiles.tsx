import {
  Activity,
  TriangleAlert,
  CircleCheck,
  CircleDollarSign,
  Gauge,
  Layers,
  Timer,
} from 'lucide-react';
import type { ReactNode } from 'react';
import { formatCount, formatMs, formatRate, formatUsd } from '../../../lib/format';
import type { StreamMetrics } from '../stream-store';

function Tile({
  label,
  value,
  icon,
  tone,
  testId,
}: {
  label: string;
  value: string;
  icon: ReactNode;
  tone?: 'accent' | 'ok' | 'danger';
  testId: string;
}) {
  return (
    <div className={`card tile${tone ? ` tile-${tone}` : ''}`} data-testid={testId}>
      <div className="tile-label">
        {icon}
        <span>{label}</span>
      </div>
      <div className="tile-value mono">{value}</div>
    </div>
  );
}

export function MetricTiles({ metrics }: { metrics: StreamMetrics }) {
  return (
    <div className="tiles" aria-label="Stream metrics">
      <Tile
        testId="metric-active"
        label="Active"
        value={formatCount(metrics.active)}
        icon={<Activity size={16} aria-hidden="true" />}
        tone={metrics.active > 0 ? 'accent' : undefined}
      />
      <Tile
        testId="metric-completed"
        label="Completed"
        value={formatCount(metrics.completed)}
        icon={<CircleCheck size={16} aria-hidden="true" />}
        tone={metrics.completed > 0 ? 'ok' : undefined}
      />
      <Tile
        testId="metric-errors"
        label="Errors"
        value={formatCount(metrics.errors)}
        icon={<TriangleAlert size={16} aria-hidden="true" />}
        tone={metrics.errors > 0 ? 'danger' : undefined}
      />
      <Tile
        testId="metric-total"
        label="Total"
        value={formatCount(metrics.total)}
        icon={<Layers size={16} aria-hidden="true" />}
      />
      <Tile
        testId="metric-ttft"
        label="Mean TTFT"
        value={formatMs(metrics.meanTtftMs)}
        icon={<Timer size={16} aria-hidden="true" />}
      />
      <Tile
        testId="metric-tps"
        label="Tokens/s"
        value={formatRate(metrics.meanTokensPerSecond)}
        icon={<Gauge size={16} aria-hidden="true" />}
      />
      <Tile
        testId="metric-cost"
        label="Cost"
        value={formatUsd(metrics.costUsd)}
        icon={<CircleDollarSign size={16} aria-hidden="true" />}
      />
    </div>
  );
}
