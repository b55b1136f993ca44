/**
 * Holds an action back after a 429/503 until its `Retry-After` has passed (the button stays
 * disabled meanwhile, as the sign-in form does), so a click cannot only earn another refusal.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, isRetryLater } from './api';

export interface RetryHold {
  /** True while the last refusal's wait lasts. */
  held: boolean;
  /** Starts holding when `err` is a 429/503 with a wait; returns whether it did. */
  holdFor(err: unknown): boolean;
}

export function useRetryHold(): RetryHold {
  const [held, setHeld] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );

  const holdFor = useCallback((err: unknown) => {
    if (!(err instanceof ApiError) || !isRetryLater(err) || err.retryAfterSeconds === undefined) {
      return false;
    }
    if (timer.current) clearTimeout(timer.current);
    setHeld(true);
    timer.current = setTimeout(
      () => {
        timer.current = null;
        setHeld(false);
      },
      Math.max(1, err.retryAfterSeconds) * 1000,
    );
    return true;
  }, []);

  return { held, holdFor };
}
