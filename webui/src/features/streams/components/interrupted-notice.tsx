import { CirclePause } from 'lucide-react';
import { formatDateTime } from '../../../lib/time';
import { INTERRUPTED_MESSAGE, type StreamView } from '../stream-store';

/**
 * An interrupted stream (the server stopped while it ran): its error text and how much of the
 * content survived. Shown as a warning, not as an error: the content is valid up to the last
 * checkpoint, and a retry of its goal resumes the work.
 */
export function InterruptedNotice({ stream }: { stream: StreamView }) {
  return (
    <div className="stream-interrupted" role="status" data-testid="stream-interrupted">
      <CirclePause size={14} aria-hidden="true" />
      <div>
        <div>{stream.error || INTERRUPTED_MESSAGE}</div>
        <div className="small">
          {stream.checkpointedAt !== undefined
            ? `The content below is what was saved at ${formatDateTime(stream.checkpointedAt)}.`
            : stream.content
              ? 'The content below is what was saved before it stopped.'
              : 'No content was saved before it stopped.'}
        </div>
      </div>
    </div>
  );
}
