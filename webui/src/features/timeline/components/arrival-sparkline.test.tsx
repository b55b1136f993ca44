import { act, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ArrivalSparkline } from './arrival-sparkline';

const START = 1_000_000;

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
  vi.setSystemTime(50_000);
});

afterEach(() => vi.useRealTimers());

describe('ArrivalSparkline', () => {
  it('draws the characters per bucket with an accessible name', () => {
    render(
      <ArrivalSparkline
        startedAt={START}
        arrivals={[
          { t: START + 100, len: 4, n: 1 },
          { t: START + 900, len: 8, n: 1 },
        ]}
        stallAfterMs={1_000}
      />,
    );
    const svg = screen.getByRole('img', { name: /2 chunks, 12 characters in 900 ms/ });
    expect(svg).toHaveAttribute('data-points', '2');
    expect(svg.querySelectorAll('.arrival-bar')).toHaveLength(2);
    expect(screen.queryByTestId('sparkline-stall')).toBeNull();
  });

  it('runs on while streaming, shading the silence once it is a stall', () => {
    render(
      <ArrivalSparkline
        startedAt={START}
        arrivals={[{ t: START + 100, len: 4, n: 1 }]}
        stallAfterMs={1_000}
        streaming
        lastReceivedAt={Date.now()}
      />,
    );
    expect(screen.queryByTestId('sparkline-stall')).toBeNull();
    act(() => vi.advanceTimersByTime(1_500));
    expect(screen.getByTestId('sparkline-stall')).toHaveAttribute('data-open', 'true');
    expect(screen.getByRole('img', { name: /in 1\.60 s since the start/ })).toBeInTheDocument();
  });

  it('draws nothing before the first chunk', () => {
    const { container } = render(
      <ArrivalSparkline startedAt={START} arrivals={[]} stallAfterMs={1_000} />,
    );
    expect(container).toBeEmptyDOMElement();
  });
});
