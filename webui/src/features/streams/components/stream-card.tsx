import { Maximize2 } from 'lucide-react';
import { memo, useCallback, useLayoutEffect, useRef, type ReactNode } from 'react';
import { formatCount, formatMs, formatRate, formatTime, formatUsd } from '../../../lib/format';
import { SafeMarkdown } from '../../../lib/safe-markdown';
import type { StreamView } from '../stream-store';
import { ArrivalSparkline } from '../../timeline/components/arrival-sparkline';
import { AttemptsNote } from '../../timeline/components/attempts-note';
import { StallBadge } from '../../timeline/components/stall-badge';
import { useConsoleSettings } from '../../timeline/console-settings';
import { LiveDuration, LiveRate } from './live-duration';
import { InterruptedNotice } from './interrupted-notice';
import { StatusBadge } from './status-badge';
import { StopGoalButton } from './stop-goal-button';

/** Distance from the bottom (px) within which the content box counts as "at the bottom". */
const STICK_THRESHOLD_PX = 24;

function Metric({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="card-metric" data-testid={`card-${label.toLowerCase().replace('/', 'p')}`}>
      <span className="card-metric-label">{label}</span>
      <span className="card-metric-value mono">{children}</span>
    </div>
  );
}

export interface StreamCardProps {
  stream: StreamView;
  /** Opens the stream's detail view (full content, metrics, export). */
  onOpen?: (requestId: string) => void;
}

/** One LLM stream; memoized on the immutable view so unchanged cards never re-render. */
export const StreamCard = memo(function StreamCard({ stream, onOpen }: StreamCardProps) {
  const live = stream.status === 'streaming';
  const contentRef = useRef<HTMLDivElement>(null);
  const stickToBottom = useRef(true);

  const onScroll = useCallback(() => {
    const el = contentRef.current;
    if (!el) return;
    stickToBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight <= STICK_THRESHOLD_PX;
  }, []);

  useLayoutEffect(() => {
    const el = contentRef.current;
    if (el && stickToBottom.current) el.scrollTop = el.scrollHeight;
  }, [stream.content]);

  const tokens = stream.outputTokens ?? stream.tokensUsed;
  const { stallAfterMs } = useConsoleSettings();

  return (
    <article
      className={`card stream-card stream-card-${stream.status}`}
      data-testid="stream-card"
      data-request-id={stream.requestId}
      data-status={stream.status}
    >
      <header className="stream-card-header">
        <div className="stream-card-title">
          <span className="stream-model" title={stream.model}>
            {stream.model}
          </span>
          {stream.provider && <span className="stream-provider">{stream.provider}</span>}
        </div>
        <div className="stream-card-actions">
          {live && stream.goalId && <StopGoalButton goalId={stream.goalId} owner={stream.owner} />}
          <StallBadge streaming={live} lastReceivedAt={stream.lastReceivedAt} />
          <StatusBadge status={stream.status} />
          {onOpen && (
            <button
              type="button"
              className="icon-button small"
              data-testid="stream-open"
              aria-label={`Open stream ${stream.requestId}`}
              title="Full content, metrics and export"
              onClick={() => onOpen(stream.requestId)}
            >
              <Maximize2 size={14} aria-hidden="true" />
            </button>
          )}
        </div>
      </header>
      <div className="stream-card-ids mono">
        <span title="request id">{stream.requestId}</span>
        {stream.goalId && <span title="goal id">goal {stream.goalId}</span>}
        {stream.owner && (
          <span title="started by" data-testid="stream-owner">
            by {stream.owner}
          </span>
        )}
        {stream.client && (
          <span title="the API the caller spoke" data-testid="stream-client">
            via {stream.client}
          </span>
        )}
        {stream.apiKeyId && (
          <span title="the caller's API key" data-testid="stream-key">
            key {stream.apiKeyId}
          </span>
        )}
        {stream.instance && (
          <span className="stream-instance" title="cluster instance" data-testid="stream-instance">
            on {stream.instance}
          </span>
        )}
        <span title="started at">{formatTime(stream.startedAt)}</span>
      </div>
      <div className="stream-card-metrics">
        <Metric label="Duration">
          {live ? <LiveDuration startedAt={stream.startedAt} /> : formatMs(stream.durationMs)}
        </Metric>
        <Metric label="TTFT">{formatMs(stream.ttftMs)}</Metric>
        <Metric label="Tokens">
          {tokens === undefined && (live || stream.nextIndex > 0)
            ? `${formatCount(stream.nextIndex)} ch`
            : formatCount(tokens)}
        </Metric>
        <Metric label="Tok/s">
          {live ? (
            <LiveRate
              chunks={stream.nextIndex}
              startedAt={stream.startedAt}
              ttftMs={stream.ttftMs}
            />
          ) : (
            formatRate(stream.tokensPerSecond)
          )}
        </Metric>
        <Metric label="Cost">{formatUsd(stream.costUsd)}</Metric>
      </div>
      {(stream.arrivals.length > 0 || stream.attempts) && (
        <div className="stream-card-timeline">
          <ArrivalSparkline
            startedAt={stream.startedAt}
            arrivals={stream.arrivals}
            stallAfterMs={stallAfterMs}
            streaming={live}
            lastReceivedAt={stream.lastReceivedAt}
          />
          <AttemptsNote attempts={stream.attempts} provider={stream.provider} />
        </div>
      )}
      {stream.status === 'error' && stream.error && (
        <div className="stream-error" role="alert" data-testid="stream-error">
          {stream.error}
        </div>
      )}
      {stream.status === 'interrupted' && <InterruptedNotice stream={stream} />}
      <div
        className="stream-content"
        data-testid="stream-content"
        ref={contentRef}
        onScroll={onScroll}
      >
        {stream.content ? (
          <SafeMarkdown text={stream.content} className="md" />
        ) : (
          !live && <span className="muted">No content</span>
        )}
        {live && (
          <span className="stream-cursor" data-testid="stream-cursor" aria-hidden="true">
            ▊
          </span>
        )}
      </div>
      {(stream.finishReason || stream.truncated) && (
        <footer className="stream-card-footer mono">
          {stream.finishReason && <span>finish: {stream.finishReason}</span>}
          {stream.truncated && <span className="warn">truncated</span>}
        </footer>
      )}
    </article>
  );
});
