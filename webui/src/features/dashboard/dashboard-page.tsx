import { useCallback, useEffect, useRef, useState } from 'react';
import { errorMessage, postCompletion, type CompletionRequest } from '../../lib/api';
import { useAuth } from '../auth/use-auth';
import { InsightsSection } from '../insights/insights-section';
import { ALL_STREAMS_PATH, getChannel, goalChannelPath, startChannel } from '../streams/channels';
import { MetricTiles } from '../streams/components/metric-tiles';
import { StreamList } from '../streams/components/stream-list';
import { useChannel, useStreamState } from '../streams/use-streams';
import { CostCard } from './components/cost-card';
import { RecentGoals } from './components/recent-goals';
import { ThroughputCard } from './components/throughput-card';
import { TryItPanel, type TryItValues } from './components/try-it-panel';

/** How long Send waits for the goal socket before posting anyway. */
const CONNECT_WAIT_MS = 3_000;

export function DashboardPage() {
  // Viewers watch; sending prompts (Try it) takes an operator.
  const canSend = useAuth().can('operator');
  const all = useChannel(ALL_STREAMS_PATH);
  const allState = useStreamState(all?.store ?? null);

  const [goalId, setGoalId] = useState<string | null>(null);
  const goalChannel = useChannel(goalId ? goalChannelPath(goalId) : null);
  const goalState = useStreamState(goalChannel?.store ?? null);

  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [lastResult, setLastResult] = useState<string | null>(null);
  const abortRef = useRef<AbortController | null>(null);

  useEffect(() => () => abortRef.current?.abort(), []);

  const send = useCallback(async ({ goalId: goal, prompt, model }: TryItValues) => {
    setError(null);
    setLastResult(null);
    setBusy(true);
    // Open (or reuse) the goal's socket first, so no event of the new request is missed.
    const channel = getChannel(goalChannelPath(goal));
    startChannel(channel);
    setGoalId(goal);
    const controller = new AbortController();
    abortRef.current = controller;
    try {
      await channel.socket.whenConnected(CONNECT_WAIT_MS);
      const request: CompletionRequest = {
        ...(model ? { model } : {}),
        messages: [{ role: 'user', content: prompt }],
        goalId: goal,
        stream: true,
      };
      const response = await postCompletion(request, controller.signal);
      setLastResult(
        `${response.requestId ?? ''} · ${response.finishReason ?? 'done'}${
          response.tokensUsed !== undefined ? ` · ${response.tokensUsed} tokens` : ''
        }`,
      );
    } catch (err) {
      if (controller.signal.aborted) return;
      setError(errorMessage(err));
    } finally {
      if (abortRef.current === controller) abortRef.current = null;
      if (!controller.signal.aborted) setBusy(false);
    }
  }, []);

  return (
    <section className="page">
      <div className="page-header">
        <h1 className="page-title">Dashboard</h1>
        <span className="muted small">All streams seen on this console</span>
      </div>
      {allState && <MetricTiles metrics={allState.metrics} />}
      <div className="dashboard-row">
        <ThroughputCard />
        <RecentGoals />
      </div>
      <div className="dashboard-row">
        <CostCard />
      </div>
      <InsightsSection />
      {canSend && (
        <>
          <TryItPanel
            busy={busy}
            error={error}
            lastResult={lastResult}
            onSend={(values) => void send(values)}
          />
          <div className="section-header">
            <h2 className="section-title">
              {goalId ? (
                <>
                  Streams of goal <span className="mono">{goalId}</span>
                </>
              ) : (
                'Goal streams'
              )}
            </h2>
          </div>
          <StreamList
            streams={goalState?.streams ?? []}
            empty={
              goalId
                ? 'Waiting for the first stream of this goal…'
                : 'Send a prompt to see it stream.'
            }
          />
        </>
      )}
    </section>
  );
}
