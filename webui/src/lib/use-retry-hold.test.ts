import { act, renderHook } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from './api';
import { useRetryHold } from './use-retry-hold';

afterEach(() => vi.useRealTimers());

describe('useRetryHold', () => {
  it('holds for the Retry-After of a 429 or 503, then lets go', () => {
    vi.useFakeTimers();
    const { result } = renderHook(() => useRetryHold());
    expect(result.current.held).toBe(false);
    act(() => {
      expect(result.current.holdFor(new ApiError(429, 'slow down', undefined, 3))).toBe(true);
    });
    expect(result.current.held).toBe(true);
    act(() => vi.advanceTimersByTime(2_999));
    expect(result.current.held).toBe(true);
    act(() => vi.advanceTimersByTime(1));
    expect(result.current.held).toBe(false);

    act(() => {
      result.current.holdFor(new ApiError(503, 'full', undefined, 1));
    });
    expect(result.current.held).toBe(true);
    act(() => vi.advanceTimersByTime(1_000));
    expect(result.current.held).toBe(false);
  });

  it('ignores other errors and refusals without a wait', () => {
    const { result } = renderHook(() => useRetryHold());
    act(() => {
      expect(result.current.holdFor(new ApiError(409, 'conflict', undefined, 3))).toBe(false);
      expect(result.current.holdFor(new ApiError(429, 'no header'))).toBe(false);
      expect(result.current.holdFor(new Error('network'))).toBe(false);
    });
    expect(result.current.held).toBe(false);
  });
});
