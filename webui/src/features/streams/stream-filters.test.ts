import { describe, expect, it } from 'vitest';
import { STATUS_OPTIONS, filterAndSortStreams } from './stream-filters';
import type { StreamView } from './stream-store';

function view(requestId: string, status: StreamView['status'], startedAt: number): StreamView {
  return {
    requestId,
    status,
    startedAt,
    model: 'm',
    content: '',
    nextIndex: 0,
    arrivals: [],
    arrivalsComplete: true,
  };
}

describe('stream filters', () => {
  const streams = [
    view('a', 'interrupted', 3),
    view('b', 'streaming', 2),
    view('c', 'error', 1),
    view('d', 'interrupted', 0),
  ];

  it('offers every status, interrupted included', () => {
    expect(STATUS_OPTIONS).toEqual([
      'all',
      'streaming',
      'completed',
      'error',
      'cancelled',
      'interrupted',
    ]);
  });

  it('filters interrupted apart from errors, and keeps active streams first', () => {
    const all = { status: 'all', model: '', goal: '' } as const;
    expect(filterAndSortStreams(streams, all).map((s) => s.requestId)).toEqual([
      'b',
      'a',
      'c',
      'd',
    ]);
    const interrupted = { ...all, status: 'interrupted' } as const;
    expect(filterAndSortStreams(streams, interrupted).map((s) => s.requestId)).toEqual(['a', 'd']);
    const errors = { ...all, status: 'error' } as const;
    expect(filterAndSortStreams(streams, errors).map((s) => s.requestId)).toEqual(['c']);
  });
});
