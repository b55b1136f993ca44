import { useMemo } from 'react';
import { useFetch } from '../../../lib/use-fetch';
import { getStreamRecord, recordToView } from '../../streams/stream-records';
import type { StreamView } from '../../streams/stream-view';
import { useConsoleSettings } from '../console-settings';
import { mergeArrivals } from '../timeline';
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

/**
 * A stream the console joined late (hydrated from a snapshot): the server's record has the
 * timings of its past (up to its last checkpoint while it runs); live arrivals follow them.
 */
function JoinedLateTimeline({
  stream,
  stallAfterMs,
}: {
  stream: StreamView;
  stallAfterMs: number;
}) {
  // Fetched again when it finishes: its final record has every timing (while it runs, the
  // chunks between the last checkpoint and this console joining are in neither list).
  const finished = stream.status !== 'streaming';
  const { data } = useFetch(`${stream.requestId}:${finished}`, (signal) =>
    getStreamRecord(stream.requestId, signal),
  );
  const stored = useMemo(() => (data ? recordToView(data) : undefined), [data]);
  const arrivals = useMemo(
    () =>
      stored && stored.arrivalsComplete
        ? mergeArrivals(stored.arrivals, stream.arrivals)
        : undefined,
    [stored, stream.arrivals],
  );
  return (
    <Chart
      stream={
        stored && arrivals
          ? {
              ...stream,
              arrivals,
              arrivalsComplete: true,
              attempts: stream.attempts ?? stored.attempts,
            }
          : stream
      }
      stallAfterMs={stallAfterMs}
    />
  );
}

/**
 * The detail drawer's timeline section. A stream the live store joined late is completed from
 * the server's record (unless the view already is that record).
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
      {!fromRecord && !stream.arrivalsComplete ? (
        <JoinedLateTimeline stream={stream} stallAfterMs={stallAfterMs} />
      ) : (
        <Chart stream={stream} stallAfterMs={stallAfterMs} />
      )}
    </section>
  );
}
