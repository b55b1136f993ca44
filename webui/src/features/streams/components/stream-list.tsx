import type { ReactNode } from 'react';
import type { StreamView } from '../stream-store';
import { StreamCard } from './stream-card';

export function StreamList({
  streams,
  empty,
  onOpen,
}: {
  streams: readonly StreamView[];
  empty: ReactNode;
  onOpen?: (requestId: string) => void;
}) {
  if (streams.length === 0) return <div className="empty card">{empty}</div>;
  return (
    <div className="stream-list" data-testid="stream-list">
      {streams.map((s) => (
        <StreamCard key={s.requestId} stream={s} onOpen={onOpen} />
      ))}
    </div>
  );
}
