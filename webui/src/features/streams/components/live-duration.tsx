import { useEffect, useState } from 'react';
import { formatMs } from '../../../lib/format';

/** Elapsed time since `startedAt`, ticking a few times per second (only this node re-renders). */
export function LiveDuration({ startedAt }: { startedAt: number }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), 200);
    return () => clearInterval(id);
  }, []);
  return <>{formatMs(Math.max(0, now - startedAt))}</>;
}
