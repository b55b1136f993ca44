/** Minimal data-fetching hook: one GET per key, aborted when the key changes or on unmount. */
import { useCallback, useEffect, useState } from 'react';

export interface FetchState<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  /** Fetches again (keeps showing the current data meanwhile). */
  reload: () => void;
}

interface Settled<T> {
  key: string;
  generation: number;
  data?: T;
  error?: unknown;
}

export function useFetch<T>(
  key: string | null,
  load: (signal: AbortSignal) => Promise<T>,
): FetchState<T> {
  const [settled, setSettled] = useState<Settled<T> | null>(null);
  const [generation, setGeneration] = useState(0);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);

  useEffect(() => {
    if (key === null) return;
    const controller = new AbortController();
    load(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setSettled({ key, generation, data });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setSettled({ key, generation, error });
      },
    );
    return () => controller.abort();
    // `load` is expected to depend on `key` only.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, generation]);

  const current = settled !== null && settled.key === key;
  return {
    data: current ? settled.data : undefined,
    error: current ? settled.error : undefined,
    loading: key !== null && (!current || settled.generation !== generation),
    reload,
  };
}
