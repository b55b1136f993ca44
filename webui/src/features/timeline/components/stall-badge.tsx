import { Hourglass } from 'lucide-react';
import { formatMs } from '../../../lib/format';
import { useConsoleSettings } from '../console-settings';
import { isStalled } from '../timeline';
import { useNow } from './use-now';

export interface StallBadgeProps {
  streaming: boolean;
  /** Browser clock when the stream's last chunk was received. */
  lastReceivedAt: number | undefined;
}

/**
 * "Stalled" while a streaming stream has been silent for longer than the server's stall
 * threshold; re-evaluated a few times per second (only this badge re-renders), gone as soon as
 * chunks resume or the stream ends.
 */
export function StallBadge({ streaming, lastReceivedAt }: StallBadgeProps) {
  const { stallAfterMs } = useConsoleSettings();
  const now = useNow(250, streaming);
  if (!isStalled(streaming, lastReceivedAt, now, stallAfterMs)) return null;
  const silentFor = formatMs(now - (lastReceivedAt ?? now));
  return (
    <span
      className="badge badge-stalled"
      role="status"
      data-testid="stall-badge"
      title={`No chunk for ${silentFor} (stalled after ${formatMs(stallAfterMs)})`}
    >
      <Hourglass size={12} aria-hidden="true" />
      Stalled
    </span>
  );
}
