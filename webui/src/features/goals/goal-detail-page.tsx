import { ArrowLeft, CircleStop, LoaderCircle, RotateCcw } from 'lucide-react';
import { useCallback, useEffect, useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { StateBadge } from '../../components/state-badge';
import { ApiError, errorMessage } from '../../lib/api';
import { useRetryHold } from '../../lib/use-retry-hold';
import { formatCount } from '../../lib/format';
import { SafeMarkdown } from '../../lib/safe-markdown';
import { formatDateTime } from '../../lib/time';
import { goalChannelPath } from '../streams/channels';
import { StreamList } from '../streams/components/stream-list';
import { SNAPSHOT_APPLIED } from '../streams/stream-store';
import { useChannel, useChannelEvents, useStreamState } from '../streams/use-streams';
import { useAuth } from '../auth/use-auth';
import { GOAL_EVENTS, applyGoalEvent } from './goal-events';
import {
  cancelGoal,
  getGoal,
  isFinishedGoal,
  isRetryableGoal,
  retryBlockedReason,
  retryGoal,
  type Goal,
} from './goals-api';
import { GoalCost } from './goal-cost';
import { GoalTrace } from './goal-trace';
import { WorkItemList } from './work-item-list';

/** After live events, the goal is fetched again once they pause for this long. */
const REFETCH_DEBOUNCE_MS = 400;

export function GoalDetailRoute() {
  const { id = '' } = useParams();
  return <GoalDetailPage key={id} id={id} />;
}

function describeBudget(goal: Goal): string {
  const b = goal.budget;
  if (!b) return 'none';
  const parts = [
    b.maxTokens != null ? `${formatCount(b.maxTokens)} tokens` : null,
    b.maxSteps != null ? `${b.maxSteps} steps` : null,
    b.maxDurationSeconds != null ? `${b.maxDurationSeconds} s` : null,
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(' · ') : 'none';
}

export function GoalDetailPage({ id }: { id: string }) {
  const navigate = useNavigate();
  const { canCancel, canRetry } = useAuth();
  const [goal, setGoal] = useState<Goal | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [cancelState, setCancelState] = useState<'idle' | 'busy'>('idle');
  const [cancelError, setCancelError] = useState<string | null>(null);
  const [retryBusy, setRetryBusy] = useState(false);
  const [retryError, setRetryError] = useState<string | null>(null);
  const retryHold = useRetryHold();
  const latestFetch = useRef(0);
  const refetchTimer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const load = useCallback(() => {
    const ticket = ++latestFetch.current;
    getGoal(id).then(
      (fetched) => {
        if (ticket !== latestFetch.current) return;
        setGoal(fetched);
        setLoadError(null);
      },
      (err: unknown) => {
        if (ticket === latestFetch.current) setLoadError(err);
      },
    );
  }, [id]);

  useEffect(() => {
    load();
    const fetches = latestFetch;
    const timer = refetchTimer;
    return () => {
      fetches.current++;
      if (timer.current) clearTimeout(timer.current);
    };
  }, [load]);

  const channel = useChannel(goalChannelPath(id));
  const streams = useStreamState(channel?.store ?? null);

  useChannelEvents(channel, (event, data) => {
    if (!GOAL_EVENTS.has(event) && event !== SNAPSHOT_APPLIED) return;
    if (event !== SNAPSHOT_APPLIED) setGoal((g) => (g ? applyGoalEvent(g, event, data) : g));
    if (refetchTimer.current) clearTimeout(refetchTimer.current);
    refetchTimer.current = setTimeout(load, REFETCH_DEBOUNCE_MS);
  });

  const cancel = async () => {
    setCancelState('busy');
    setCancelError(null);
    try {
      setGoal(await cancelGoal(id));
    } catch (err) {
      setCancelError(err instanceof ApiError ? err.message : String(err));
      load();
    } finally {
      setCancelState('idle');
    }
  };

  const retry = async () => {
    if (retryBusy || retryHold.held) return;
    setRetryBusy(true);
    setRetryError(null);
    try {
      setGoal(await retryGoal(id));
    } catch (err) {
      // 409 (not failed any more, budget spent) or 503 with when to try again.
      setRetryError(errorMessage(err));
      retryHold.holdFor(err);
    } finally {
      setRetryBusy(false);
      load(); // REST is the source of truth: the goal as it is now, queued or not
    }
  };

  const liveStreams = streams?.streams ?? [];
  const onOpen = useCallback(
    (requestId: string) => void navigate(`/streams?stream=${encodeURIComponent(requestId)}`),
    [navigate],
  );

  return (
    <section className="page" data-testid="goal-detail" data-goal-id={id}>
      <Link to="/goals" className="back-link small">
        <ArrowLeft size={14} aria-hidden="true" /> Goals
      </Link>
      {goal ? (
        <>
          <div className="card goal-header">
            <div className="goal-header-main">
              <div className="goal-title-row">
                <h1 className="page-title" data-testid="goal-title">
                  {goal.title}
                </h1>
                <StateBadge status={goal.status} testId="goal-status" />
              </div>
              <div className="goal-facts mono small muted">
                <span title="goal id">{goal.id}</span>
                {goal.owner && (
                  <span title="created by" data-testid="goal-owner">
                    by {goal.owner}
                  </span>
                )}
                {goal.instance && (
                  <span title="instance running it" data-testid="goal-instance">
                    on {goal.instance}
                  </span>
                )}
                <span>{goal.model || (goal.tier ? `tier ${goal.tier}` : 'default model')}</span>
                <span>created {formatDateTime(goal.createdAt)}</span>
                {goal.startedAt && <span>started {formatDateTime(goal.startedAt)}</span>}
                {goal.finishedAt && <span>finished {formatDateTime(goal.finishedAt)}</span>}
              </div>
            </div>
            <div className="goal-header-side">
              <div className="goal-tokens">
                <span className="card-metric-label">Tokens used</span>
                <span className="tile-value mono" data-testid="goal-tokens">
                  {formatCount(goal.tokensUsed ?? 0)}
                </span>
                <span className="muted small">budget: {describeBudget(goal)}</span>
              </div>
              <GoalCost goalId={goal.id} tokensUsed={goal.tokensUsed ?? 0} />
              {isRetryableGoal(goal.status) && canRetry(goal.owner) && (
                <button
                  type="button"
                  className="button"
                  data-testid="goal-retry"
                  disabled={retryBusy || retryHold.held || retryBlockedReason(goal) !== null}
                  title={
                    retryBlockedReason(goal) ??
                    'Queue it again: it resumes from its last completed work item'
                  }
                  onClick={() => void retry()}
                >
                  {retryBusy ? (
                    <LoaderCircle size={16} className="spin" aria-hidden="true" />
                  ) : (
                    <RotateCcw size={16} aria-hidden="true" />
                  )}
                  {retryBusy ? 'Retrying…' : 'Retry'}
                </button>
              )}
              {canCancel(goal.owner) && (
                <button
                  type="button"
                  className="button danger-outline"
                  data-testid="goal-cancel"
                  disabled={isFinishedGoal(goal.status) || cancelState === 'busy'}
                  onClick={() => void cancel()}
                >
                  {cancelState === 'busy' ? (
                    <LoaderCircle size={16} className="spin" aria-hidden="true" />
                  ) : (
                    <CircleStop size={16} aria-hidden="true" />
                  )}
                  Cancel goal
                </button>
              )}
            </div>
          </div>
          {cancelError && (
            <div className="inline-error" role="alert" data-testid="goal-cancel-error">
              {cancelError}
            </div>
          )}
          {retryError && (
            <div className="inline-error" role="alert" data-testid="goal-retry-error">
              {retryError}
            </div>
          )}
          {isRetryableGoal(goal.status) &&
            canRetry(goal.owner) &&
            retryBlockedReason(goal) !== null && (
              <div className="notice" role="status" data-testid="goal-retry-blocked">
                {retryBlockedReason(goal)}
              </div>
            )}
          <div className="goal-columns">
            <div className="card goal-text">
              <h2 className="card-title">Description</h2>
              <p className="prewrap">{goal.description}</p>
              {goal.successCriteria && (
                <>
                  <h2 className="card-title">Success criteria</h2>
                  <p className="prewrap">{goal.successCriteria}</p>
                </>
              )}
            </div>
            <div className="card goal-text">
              <h2 className="card-title">Result</h2>
              {goal.error && (
                <div className="stream-error" role="alert" data-testid="goal-error">
                  {goal.error}
                </div>
              )}
              {goal.result ? (
                <div data-testid="goal-result">
                  <SafeMarkdown text={goal.result} className="md" />
                </div>
              ) : (
                !goal.error && (
                  <p className="muted">
                    {isFinishedGoal(goal.status) ? 'No result.' : 'Not finished yet.'}
                  </p>
                )
              )}
            </div>
          </div>
          <div className="section-header">
            <h2 className="section-title">Trace</h2>
          </div>
          <GoalTrace goal={goal} liveStreams={liveStreams} />
          <div className="section-header">
            <h2 className="section-title">Work items</h2>
          </div>
          <WorkItemList items={goal.workItems ?? []} />
        </>
      ) : loadError ? (
        <>
          <h1 className="page-title">
            Goal <span className="mono">{id}</span>
          </h1>
          <div className="card empty" data-testid="goal-load-error">
            {loadError instanceof ApiError && loadError.status === 404
              ? `There is no goal record for “${id}” on this server. Streams sent with this goal id still appear below, live.`
              : `Could not load goal ${id}: ${loadError instanceof Error ? loadError.message : String(loadError)}`}
          </div>
        </>
      ) : (
        <div className="card empty">Loading goal…</div>
      )}
      <div className="section-header">
        <h2 className="section-title">Live streams</h2>
      </div>
      <StreamList
        streams={liveStreams}
        onOpen={onOpen}
        empty="No stream of this goal since this page opened. New ones appear here live."
      />
    </section>
  );
}
