import { describe, expect, it } from 'vitest';
import { EMPTY_FILTER, exportUrl, filterParams, historyUrl, usableQuery } from './history-api';

const FULL = {
  q: ' blue whale ',
  model: 'sim/demo',
  provider: 'sim',
  status: 'error' as const,
  goalId: 'g 1',
  from: '2026-12-06T10:00:00Z',
  to: '2026-12-06T11:00:00Z',
};

describe('history URLs', () => {
  it('sends every set filter, trimmed and encoded, with the page', () => {
    expect(historyUrl(FULL, 2, 25)).toBe(
      '/api/streams?q=blue+whale&model=sim%2Fdemo&provider=sim&status=error&goalId=g+1' +
        '&from=2026-12-06T10%3A00%3A00Z&to=2026-12-06T11%3A00%3A00Z&page=2&size=25',
    );
  });

  it('leaves out empty filters and a phrase the server would refuse', () => {
    expect(historyUrl(EMPTY_FILTER, 0, 50)).toBe('/api/streams?page=0&size=50');
    expect(filterParams({ ...EMPTY_FILTER, q: 'a' }).has('q')).toBe(false);
    expect(filterParams({ ...EMPTY_FILTER, q: 'x'.repeat(201) }).has('q')).toBe(false);
    expect(usableQuery(' ab ')).toBe(true);
  });

  it('exports with the same filters and no page', () => {
    expect(exportUrl(FULL, 'csv')).toBe(
      '/api/streams/export?format=csv&q=blue+whale&model=sim%2Fdemo&provider=sim&status=error' +
        '&goalId=g+1&from=2026-12-06T10%3A00%3A00Z&to=2026-12-06T11%3A00%3A00Z',
    );
    expect(exportUrl(EMPTY_FILTER, 'json')).toBe('/api/streams/export?format=json');
  });
});
