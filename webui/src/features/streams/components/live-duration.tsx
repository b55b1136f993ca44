import { useEffect, useState } from 'react';
import { formatMs, formatRate } from '../../../lib/format';

/** Elapsed time since `startedAt`, ticking a few times per second (only this node re-renders). */
function useNow(intervalMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(id);
  }, [intervalMs]);
  return now;
}

export function LiveDuration({ startedAt }: { startedAt: number }) {
  const now = useNow(200);
  return <>{formatMs(Math.max(0, now - startedAt))}</>;
}

/**
 * Chunks per second of a live stream since its first chunk (one chunk is about one token);
 * the exact tokens/s replaces it when the stream ends.
 */
export function LiveRate({
  chunks,
  startedAt,
  ttftMs,
}: {
  chunks: number;
  startedAt: number;
  ttftMs: number | undefined;
}) {
  const now = useNow(500);
  const since = startedAt + (ttftMs ?? 0);
  const seconds = (now - since) / 1000;
  return <>{chunks > 1 && seconds > 0.25 ? `~${formatRate(chunks / seconds)}` : '—'}</>;
}
