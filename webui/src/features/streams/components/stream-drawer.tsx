import * as Dialog from '@radix-ui/react-dialog';
import { FileJson, FileText, Play, X } from 'lucide-react';
import { useState, type ReactNode } from 'react';
import { Link } from 'react-router';
import { isMissingApi } from '../../../lib/api';
import { formatCount, formatMs, formatRate, formatTime, formatUsd } from '../../../lib/format';
import { SafeMarkdown } from '../../../lib/safe-markdown';
import { useFetch } from '../../../lib/use-fetch';
import type { StreamView } from '../stream-store';
import {
  download,
  getStreamRecord,
  recordToView,
  streamToJson,
  streamToMarkdown,
} from '../stream-records';
import { formatDateTime } from '../../../lib/time';
import { AttemptsNote } from '../../timeline/components/attempts-note';
import { TimelineSection } from '../../timeline/components/timeline-section';
import { replayPath } from '../../timeline/replay-path';
import { InterruptedNotice } from './interrupted-notice';
import { LiveDuration } from './live-duration';
import { StatusBadge } from './status-badge';

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt>{label}</dt>
      <dd className="mono">{children}</dd>
    </>
  );
}

function StreamDetail({
  stream,
  fromRecord = false,
}: {
  stream: StreamView;
  fromRecord?: boolean;
}) {
  const [raw, setRaw] = useState(false);
  const live = stream.status === 'streaming';
  const safeName = stream.requestId.replace(/[^A-Za-z0-9._-]/g, '_');
  return (
    <div className="drawer-body" data-testid="stream-detail" data-status={stream.status}>
      <div className="drawer-title-row">
        <StatusBadge status={stream.status} />
        <span className="stream-model">{stream.model}</span>
        {stream.provider && <span className="stream-provider">{stream.provider}</span>}
      </div>
      <dl className="detail-grid" data-testid="stream-detail-metrics">
        <Row label="Request">{stream.requestId}</Row>
        <Row label="Goal">
          {stream.goalId ? (
            <Link to={`/goals/${encodeURIComponent(stream.goalId)}`}>{stream.goalId}</Link>
          ) : (
            '—'
          )}
        </Row>
        {stream.owner && <Row label="Started by">{stream.owner}</Row>}
        {stream.client && <Row label="Client">{stream.client}</Row>}
        {stream.apiKeyId && <Row label="API key">{stream.apiKeyId}</Row>}
        {stream.instance && <Row label="Instance">{stream.instance}</Row>}
        {stream.workItemId && <Row label="Work item">{stream.workItemId}</Row>}
        {stream.runId && <Row label="Run">{stream.runId}</Row>}
        <Row label="Started">{formatTime(stream.startedAt)}</Row>
        <Row label="Duration">
          {live ? <LiveDuration startedAt={stream.startedAt} /> : formatMs(stream.durationMs)}
        </Row>
        <Row label="TTFT">{formatMs(stream.ttftMs)}</Row>
        <Row label="Chunks">{formatCount(stream.nextIndex)}</Row>
        <Row label="Input tokens">{formatCount(stream.inputTokens)}</Row>
        <Row label="Output tokens">{formatCount(stream.outputTokens ?? stream.tokensUsed)}</Row>
        {stream.cachedInputTokens !== undefined && (
          <Row label="Cached input">{formatCount(stream.cachedInputTokens)}</Row>
        )}
        <Row label="Cost">{formatUsd(stream.costUsd)}</Row>
        <Row label="Tokens/s">{formatRate(stream.tokensPerSecond)}</Row>
        <Row label="Finish">{stream.finishReason ?? '—'}</Row>
        {stream.checkpointedAt !== undefined && (
          <Row label="Checkpoint">{formatDateTime(stream.checkpointedAt)}</Row>
        )}
      </dl>
      <AttemptsNote attempts={stream.attempts} provider={stream.provider} />
      <TimelineSection stream={stream} fromRecord={fromRecord} />
      {stream.status === 'interrupted' ? (
        <InterruptedNotice stream={stream} />
      ) : (
        stream.error && (
          <div className="stream-error" role="alert">
            {stream.error}
          </div>
        )
      )}
      <div className="drawer-actions">
        <div className="segmented" role="group" aria-label="Content view">
          <button
            type="button"
            className={`segment${raw ? '' : ' active'}`}
            aria-pressed={!raw}
            onClick={() => setRaw(false)}
          >
            Rendered
          </button>
          <button
            type="button"
            className={`segment${raw ? ' active' : ''}`}
            aria-pressed={raw}
            onClick={() => setRaw(true)}
          >
            Raw
          </button>
        </div>
        <span className="push-right" />
        {!live && (
          <Link
            className="button small"
            data-testid="replay-link"
            to={replayPath(stream.requestId)}
            aria-label={`Replay stream ${stream.requestId} at its original pace`}
          >
            <Play size={14} aria-hidden="true" /> Replay
          </Link>
        )}
        <button
          type="button"
          className="button small"
          data-testid="export-json"
          onClick={() =>
            download(`stream-${safeName}.json`, streamToJson(stream), 'application/json')
          }
        >
          <FileJson size={14} aria-hidden="true" /> JSON
        </button>
        <button
          type="button"
          className="button small"
          data-testid="export-markdown"
          onClick={() =>
            download(`stream-${safeName}.md`, streamToMarkdown(stream), 'text/markdown')
          }
        >
          <FileText size={14} aria-hidden="true" /> Markdown
        </button>
      </div>
      <div className="drawer-content" data-testid="stream-detail-content">
        {raw ? (
          <pre className="raw-content">{stream.content}</pre>
        ) : stream.content ? (
          <SafeMarkdown text={stream.content} className="md" />
        ) : (
          <span className="muted">No content</span>
        )}
        {live && (
          <span className="stream-cursor" aria-hidden="true">
            ▊
          </span>
        )}
      </div>
    </div>
  );
}

/** Loads a stream the live store no longer (or never) had from `GET /api/streams/{id}`. */
function RemoteStream({ requestId }: { requestId: string }) {
  const { data, error } = useFetch(requestId, (signal) => getStreamRecord(requestId, signal));
  if (data) return <StreamDetail stream={recordToView(data)} fromRecord />;
  if (error) {
    return (
      <p className="muted drawer-body" data-testid="stream-detail-missing">
        {isMissingApi(error)
          ? `Stream ${requestId} is not on this console any more, and the server does not keep it.`
          : `Could not load stream ${requestId}.`}
      </p>
    );
  }
  return <p className="muted drawer-body">Loading…</p>;
}

export interface StreamDrawerProps {
  requestId: string | null;
  /** The live view when the store has the stream. */
  stream: StreamView | undefined;
  onClose: () => void;
}

/** Side drawer with a stream's full content, metrics and export (Radix dialog: focus, Esc). */
export function StreamDrawer({ requestId, stream, onClose }: StreamDrawerProps) {
  return (
    <Dialog.Root open={requestId !== null} onOpenChange={(open) => !open && onClose()}>
      <Dialog.Portal>
        <Dialog.Overlay className="drawer-overlay" />
        <Dialog.Content className="drawer" data-testid="stream-drawer">
          <div className="drawer-header">
            <Dialog.Title className="card-title">Stream</Dialog.Title>
            <Dialog.Description className="sr-only">
              Full content and metrics of stream {requestId}
            </Dialog.Description>
            <Dialog.Close className="icon-button" aria-label="Close" data-testid="drawer-close">
              <X size={16} />
            </Dialog.Close>
          </div>
          {requestId !== null &&
            (stream ? <StreamDetail stream={stream} /> : <RemoteStream requestId={requestId} />)}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
