import { ArrowLeft } from 'lucide-react';
import { Link, useParams } from 'react-router';
import { isMissingApi } from '../../lib/api';
import { formatMs } from '../../lib/format';
import { useFetch } from '../../lib/use-fetch';
import { StatusBadge } from '../streams/components/status-badge';
import { getStreamRecord, recordTimings, recordToView } from '../streams/stream-records';
import { ReplayPlayer } from './components/replay-player';

/** `/streams/:requestId/replay`: plays a finished stream back from its stored record. */
export function StreamReplayPage() {
  const { requestId = '' } = useParams();
  const { data, error } = useFetch(requestId, (signal) => getStreamRecord(requestId, signal));
  const view = data ? recordToView(data) : undefined;
  const timings = data ? recordTimings(data) : undefined;
  return (
    <section className="page">
      <div className="page-header">
        <h1 className="page-title">Replay</h1>
        <span className="muted small mono">{requestId}</span>
        <span className="push-right" />
        <Link className="button small" to={`/streams?stream=${encodeURIComponent(requestId)}`}>
          <ArrowLeft size={14} aria-hidden="true" /> Stream
        </Link>
      </div>
      {error !== undefined && error !== null ? (
        <p className="card muted" data-testid="replay-missing">
          {isMissingApi(error)
            ? `Stream ${requestId} is not kept by the server.`
            : `Could not load stream ${requestId}.`}
        </p>
      ) : !view ? (
        <p className="muted">Loading…</p>
      ) : view.status === 'streaming' ? (
        <p className="card muted" data-testid="replay-unavailable">
          Stream {requestId} is still running; it can be replayed once it has finished.
        </p>
      ) : !timings ? (
        <p className="card muted" data-testid="replay-unavailable">
          The server kept no timings for stream {requestId}, so it cannot be replayed.
        </p>
      ) : (
        <>
          <div className="drawer-title-row">
            <StatusBadge status={view.status} />
            <span className="stream-model">{view.model}</span>
            {view.provider && <span className="stream-provider">{view.provider}</span>}
            <span className="muted small">took {formatMs(view.durationMs)}</span>
          </div>
          <ReplayPlayer
            key={requestId}
            stream={view}
            timings={{ ...timings, durationMs: view.durationMs }}
            clock={{ autoplay: true }}
          />
        </>
      )}
    </section>
  );
}
