import { useAggregateConnectionStatus } from '../features/streams/use-streams';

const TITLES = {
  connected: 'Live updates connected',
  reconnecting: 'Connecting to live updates…',
  offline: 'Live updates unavailable; retrying in the background',
} as const;

export function ConnectionPill() {
  const status = useAggregateConnectionStatus();
  return (
    <span
      className={`pill pill-${status}`}
      data-testid="connection-status"
      data-status={status}
      title={TITLES[status]}
      role="status"
    >
      <span className="pill-dot" aria-hidden="true" />
      {status}
    </span>
  );
}
