import type { StreamView } from './stream-store';
import type { StreamStatus } from './wire-types';

export interface StreamFilter {
  status: StreamStatus | 'all';
  model: string;
  goal: string;
}

export const STATUS_OPTIONS: ReadonlyArray<StreamFilter['status']> = [
  'all',
  'streaming',
  'completed',
  'error',
  'cancelled',
  'interrupted',
];

function contains(value: string | undefined, needle: string): boolean {
  if (!needle) return true;
  return (value ?? '').toLowerCase().includes(needle.toLowerCase());
}

/** Filters, then orders active streams first and the rest newest first. */
export function filterAndSortStreams(
  streams: readonly StreamView[],
  filter: StreamFilter,
): StreamView[] {
  const model = filter.model.trim();
  const goal = filter.goal.trim();
  const result = streams.filter(
    (s) =>
      (filter.status === 'all' || s.status === filter.status) &&
      contains(s.model, model) &&
      contains(s.goalId, goal),
  );
  const rank = (s: StreamView) => (s.status === 'streaming' ? 0 : 1);
  // Stable sort: input is already newest first.
  return result.sort((a, b) => rank(a) - rank(b));
}
