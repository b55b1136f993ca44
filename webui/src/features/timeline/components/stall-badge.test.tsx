import { act, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { json, stubFetch } from '../../../test/render';
import { resetConsoleSettings } from '../console-settings';
import { StallBadge } from './stall-badge';

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
  vi.setSystemTime(100_000);
  resetConsoleSettings();
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  resetConsoleSettings();
});

describe('StallBadge', () => {
  it('appears after the server threshold of silence, and goes when a chunk arrives', async () => {
    const calls = stubFetch({
      'GET /api/console/settings': () => json(200, { stallAfterMs: 1_000 }),
    });
    const { rerender } = render(<StallBadge streaming lastReceivedAt={100_000} />);
    await act(async () => {}); // the settings arrive
    expect(calls.filter((c) => c.url === '/api/console/settings')).toHaveLength(1);
    expect(screen.queryByTestId('stall-badge')).toBeNull();
    act(() => vi.advanceTimersByTime(1_250));
    const badge = screen.getByTestId('stall-badge');
    expect(badge).toHaveAttribute('role', 'status');
    expect(badge).toHaveTextContent('Stalled');
    expect(badge.querySelector('svg')).toHaveAttribute('aria-hidden', 'true');
    rerender(<StallBadge streaming lastReceivedAt={Date.now()} />);
    expect(screen.queryByTestId('stall-badge')).toBeNull();
  });

  it('uses 5 s when the settings cannot be read, and never shows on a finished stream', async () => {
    stubFetch({});
    const { rerender } = render(<StallBadge streaming lastReceivedAt={100_000} />);
    await act(async () => {});
    act(() => vi.advanceTimersByTime(4_500));
    expect(screen.queryByTestId('stall-badge')).toBeNull();
    act(() => vi.advanceTimersByTime(1_000));
    expect(screen.getByTestId('stall-badge')).toBeInTheDocument();
    rerender(<StallBadge streaming={false} lastReceivedAt={100_000} />);
    expect(screen.queryByTestId('stall-badge')).toBeNull();
  });
});
