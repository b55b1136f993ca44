import { RotateCcw } from 'lucide-react';
import type { StreamAttempt } from '../../streams/wire-types';
import { describeAttempt, describeAttempts } from '../attempts';

export interface AttemptsNoteProps {
  attempts: readonly StreamAttempt[] | undefined;
  /** The provider that served the stream. */
  provider: string | undefined;
}

/** "2 retries, fell back from faults to sim-anthropic"; nothing when the first attempt served. */
export function AttemptsNote({ attempts, provider }: AttemptsNoteProps) {
  const text = describeAttempts(attempts, provider);
  if (!text || !attempts) return null;
  return (
    <p
      className="attempts-note small"
      data-testid="attempts-note"
      title={attempts.map(describeAttempt).join('\n')}
    >
      <RotateCcw size={12} aria-hidden="true" />
      <span>{text}</span>
    </p>
  );
}
