import { CircleStop } from 'lucide-react';
import { useState } from 'react';
import { ApiError, isMissingApi } from '../../../lib/api';
import { useAuth } from '../../auth/use-auth';
import { cancelGoal } from '../../goals/goals-api';

/**
 * Stops a live stream by cancelling its goal (`POST /api/goals/{goalId}/cancel`); shown only
 * to users who may cancel the stream owner's work.
 */
export function StopGoalButton({ goalId, owner }: { goalId: string; owner?: string }) {
  const { canCancel } = useAuth();
  const [state, setState] = useState<'idle' | 'busy' | 'sent'>('idle');
  const [error, setError] = useState<string | null>(null);
  if (!canCancel(owner)) return null;
  const stop = async () => {
    setState('busy');
    setError(null);
    try {
      await cancelGoal(goalId);
      setState('sent');
    } catch (err) {
      setState('idle');
      setError(
        isMissingApi(err)
          ? 'Cancelling is not available for this goal on this server'
          : err instanceof ApiError
            ? err.message
            : String(err),
      );
    }
  };
  return (
    <span className="stop-goal">
      <button
        type="button"
        className="button small danger-outline"
        data-testid="stream-stop"
        disabled={state !== 'idle'}
        onClick={() => void stop()}
        title={`Cancel goal ${goalId}`}
      >
        <CircleStop size={14} aria-hidden="true" />
        {state === 'sent' ? 'Stopping…' : 'Stop'}
      </button>
      {error && (
        <span className="small danger-text" role="alert" data-testid="stream-stop-error">
          {error}
        </span>
      )}
    </span>
  );
}
