import { useFetch } from '../../../lib/use-fetch';
import { getStreamRecord, recordToView } from '../../streams/stream-records';
import type { StreamView } from '../../streams/stream-view';
import { useConsoleSettings } from '../console-settings';
import { TimelineChart } from './timeline-chart';

function Chart({ stream, stallAfterMs }: { stream: StreamView; stallAfterMs: number }) {
  return (
    <TimelineChart
      requestId={stream.requestId}
      startedAt={stream.startedAt}
      arrivals={stream.arrivals}
      attempts={stream.attempts}
      provider={stream.provider}
      streaming={stream.status === 'streaming'}
      lastReceivedAt={stream.lastReceivedAt}
      durationMs={stream.durationMs}
      outputTokens={stream.outputTokens}
      stallAfterMs={stallAfterMs}
      complete={stream.arrivalsComplete}
    />
  );
}

/** A finished stream the console joined late: the server's record has its whole timings. */
function StoredTimeline({ stream, stallAfterMs }: { stream: StreamView; stallAfterMs: number }) {
  const { data } = useFetch(stream.requestId, (signal) =>
    getStreamRecord(stream.requestId, signal),
  );
  const stored = data ? recordToView(data) : undefined;
  return (
    <Chart
      stream={stored && stored.arrivalsComplete ? { ...stream, ...stored } : stream}
      stallAfterMs={stallAfterMs}
    />
  );
}

/**
 * The detail drawer's timeline section. A finished stream the live store joined late is
 * completed from the server's record (unless the view already is that record).
 */
export function TimelineSection({
  stream,
  fromRecord = false,
}: {
  stream: StreamView;
  fromRecord?: boolean;
}) {
  const { stallAfterMs } = useConsoleSettings();
  return (
    <section className="timeline-section" aria-label="Timeline">
      <h3 className="card-title small">Timeline</h3>
      {!fromRecord && !stream.arrivalsComplete && stream.status !== 'streaming' ? (
        <StoredTimeline stream={stream} stallAfterMs={stallAfterMs} />
      ) : (
        <Chart stream={stream} stallAfterMs={stallAfterMs} />
      )}
    </section>
  );
}
