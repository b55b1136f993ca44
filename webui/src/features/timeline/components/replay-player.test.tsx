import { act, fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { recordToView } from '../../streams/stream-records';
import type { ReplayTimings } from '../replay';
import { ReplayPlayer } from './replay-player';

/** A manual clock: `advance` moves time and runs the scheduled frame. */
function manualClock() {
  let wall = 0;
  let pending: (() => void) | null = null;
  return {
    now: () => wall,
    schedule: (tick: () => void) => {
      pending = tick;
      return () => {
        if (pending === tick) pending = null;
      };
    },
    advance(ms: number) {
      wall += ms;
      const tick = pending;
      pending = null;
      act(() => tick?.());
    },
  };
}

const content = 'Hello <img src=x onerror=alert(1)> world';
const timings: ReplayTimings = {
  offsetsMs: [100, 200, 1_000],
  lengths: [6, 29, 6],
  durationMs: 1_100,
};
const stream = recordToView({
  requestId: 'rp',
  model: 'sim/x',
  provider: 'sim',
  status: 'completed',
  content,
  startedAt: 5_000,
  durationMs: 1_100,
  timings: { offsetsMs: [...timings.offsetsMs], lengths: [...timings.lengths] },
});

describe('ReplayPlayer', () => {
  it('grows the text as it arrived at 1×, safely, then ends done with all of it', () => {
    const clock = manualClock();
    render(<ReplayPlayer stream={stream} timings={timings} clock={{ ...clock, autoplay: true }} />);
    const replay = screen.getByTestId('replay');
    expect(replay).toHaveAttribute('data-state', 'playing');
    clock.advance(50);
    expect(screen.getByTestId('replay-content')).toHaveAttribute('data-chars', '0');
    clock.advance(60); // 110 ms
    expect(screen.getByTestId('replay-content')).toHaveAttribute('data-chars', '6');
    expect(screen.getByTestId('replay-content')).toHaveTextContent('Hello');
    clock.advance(200); // 310 ms
    expect(screen.getByTestId('replay-content')).toHaveAttribute('data-chars', '35');
    expect(document.querySelector('img')).toBeNull();
    expect(screen.getByTestId('timeline-chart')).toHaveAttribute('data-arrivals', '2');
    clock.advance(800); // 1110 ms
    expect(replay).toHaveAttribute('data-state', 'done');
    expect(screen.getByTestId('replay-content')).toHaveAttribute(
      'data-chars',
      String(content.length),
    );
    expect(screen.getByTestId('replay-progress')).toHaveAttribute('value', '100');
    expect(screen.getByTestId('replay-play')).toHaveTextContent('Play again');
  });

  it('pauses, resumes, changes speed and restarts', () => {
    const clock = manualClock();
    render(<ReplayPlayer stream={stream} timings={timings} clock={clock} />);
    const replay = screen.getByTestId('replay');
    expect(replay).toHaveAttribute('data-state', 'paused');
    fireEvent.click(screen.getByRole('button', { name: 'Play the replay' }));
    expect(replay).toHaveAttribute('data-state', 'playing');
    clock.advance(150);
    fireEvent.click(screen.getByRole('button', { name: 'Pause the replay' }));
    expect(replay).toHaveAttribute('data-state', 'paused');
    expect(screen.getByTestId('replay-content')).toHaveAttribute('data-chars', '6');
    clock.advance(5_000); // paused: nothing moves
    expect(screen.getByTestId('replay-content')).toHaveAttribute('data-chars', '6');
    fireEvent.change(screen.getByLabelText('Speed'), { target: { value: '10' } });
    fireEvent.click(screen.getByTestId('replay-play'));
    clock.advance(10); // 150 + 100 ms
    expect(screen.getByTestId('replay-content')).toHaveAttribute('data-chars', '35');
    clock.advance(100);
    expect(replay).toHaveAttribute('data-state', 'done');
    fireEvent.click(screen.getByTestId('replay-restart'));
    expect(replay).toHaveAttribute('data-state', 'playing');
    expect(screen.getByTestId('replay-content')).toHaveAttribute('data-chars', '0');
    fireEvent.change(screen.getByTestId('replay-speed'), { target: { value: 'instant' } });
    clock.advance(1);
    expect(replay).toHaveAttribute('data-state', 'done');
  });
});
