import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Arrival } from '../timeline';
import { TimelineChart } from './timeline-chart';

const START = 1_000_000;
const at = (offsets: number[]): Arrival[] => offsets.map((o) => ({ t: START + o, len: 5, n: 1 }));

describe('TimelineChart', () => {
  it('marks TTFT, the longest gap and each stall, and says the numbers as text', () => {
    render(
      <TimelineChart
        requestId="r1"
        startedAt={START}
        arrivals={at([400, 450, 500, 3_600, 3_650])}
        streaming={false}
        durationMs={3_700}
        outputTokens={5}
        stallAfterMs={1_000}
      />,
    );
    const chart = screen.getByRole('img', { name: 'Timeline of stream r1' });
    expect(chart).toHaveAttribute('data-testid', 'timeline-chart');
    expect(screen.getByTestId('timeline-ttft')).toHaveTextContent('TTFT 400 ms');
    expect(screen.getAllByTestId('timeline-stall')).toHaveLength(1);
    expect(screen.getByTestId('timeline-longest-gap')).toHaveTextContent('3.10 s');
    const numbers = screen.getByTestId('timeline-numbers');
    expect(numbers).toHaveTextContent('TTFT400 ms');
    expect(numbers).toHaveTextContent('TPOT813 ms per token'); // 3250 / 4
    expect(numbers).toHaveTextContent('Longest gap3.10 s before chunk 4, at 500 ms');
    // The description for screen readers.
    const summary = document.getElementById(chart.getAttribute('aria-describedby') ?? '');
    expect(summary).toHaveTextContent('Time to first token 400 ms.');
    expect(summary).toHaveTextContent('1 stall: 3.10 s from 500 ms.');
  });

  it('labels every failed attempt with provider, status or error, and wait', () => {
    render(
      <TimelineChart
        requestId="r2"
        startedAt={START}
        arrivals={at([900])}
        attempts={[
          { provider: 'faults', atMs: 30, error: 'stream_broken', waitMs: 200 },
          { provider: 'faults', atMs: 260, status: 503, error: 'server_error' },
        ]}
        provider="sim-anthropic"
        streaming={false}
        stallAfterMs={1_000}
      />,
    );
    const markers = screen.getAllByTestId('timeline-attempt');
    expect(markers).toHaveLength(2);
    expect(markers[0]).toHaveAttribute('data-provider', 'faults');
    expect(markers[0]).toHaveAttribute(
      'aria-label',
      'Failed attempt 1: faults: stream_broken at 30 ms, waited 200 ms',
    );
    expect(markers[1]).toHaveTextContent('faults 503');
    const list = screen.getByRole('list', { name: 'Failed attempts before the first chunk' });
    expect(within(list).getAllByRole('listitem')).toHaveLength(2);
    expect(screen.getByTestId('timeline-summary')).toHaveTextContent(
      'fell back from faults to sim-anthropic',
    );
  });

  it('shows an open stall while a streaming stream is silent', () => {
    render(
      <TimelineChart
        requestId="r3"
        startedAt={START}
        arrivals={at([100, 200])}
        streaming
        lastReceivedAt={Date.now() - 3_000}
        stallAfterMs={1_000}
      />,
    );
    expect(screen.getByTestId('timeline-stall')).toHaveAttribute('data-open', 'true');
  });

  it('has no TTFT marker for arrivals missing the beginning', () => {
    render(
      <TimelineChart
        requestId="r4"
        startedAt={START}
        arrivals={at([5_000, 5_100])}
        streaming={false}
        stallAfterMs={1_000}
        complete={false}
      />,
    );
    expect(screen.queryByTestId('timeline-ttft')).toBeNull();
    expect(screen.getByText(/starts where this console joined/)).toBeInTheDocument();
  });
});
