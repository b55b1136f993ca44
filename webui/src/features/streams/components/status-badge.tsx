import type { StreamStatus } from '../wire-types';

const LABELS: Record<StreamStatus, string> = {
  streaming: 'Streaming',
  completed: 'Completed',
  error: 'Error',
  cancelled: 'Cancelled',
  interrupted: 'Interrupted',
};

export function StatusBadge({ status }: { status: StreamStatus }) {
  return (
    <span className={`badge badge-${status}`} data-testid="status-badge" data-status={status}>
      {status === 'streaming' && <span className="pulse-dot" aria-hidden="true" />}
      {LABELS[status] ?? status}
    </span>
  );
}
