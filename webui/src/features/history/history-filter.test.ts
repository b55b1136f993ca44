import { describe, expect, it } from 'vitest';
import { EMPTY_FILTER } from './history-api';
import {
  isoToLocalInput,
  localInputToIso,
  readFilter,
  readPage,
  writeFilter,
} from './history-filter';

describe('the filter in the URL', () => {
  it('reads known values and ignores broken ones', () => {
    const params = new URLSearchParams(
      'q=hello&model=m&provider=p&status=nope&goalId=g&from=2026-12-06T10:00:00Z&to=garbage&page=3',
    );
    expect(readFilter(params)).toEqual({
      ...EMPTY_FILTER,
      q: 'hello',
      model: 'm',
      provider: 'p',
      goalId: 'g',
      from: '2026-12-06T10:00:00Z',
    });
    expect(readFilter(new URLSearchParams('status=active')).status).toBe('active');
    expect(readPage(params)).toBe(3);
    expect(readPage(new URLSearchParams('page=-2'))).toBe(0);
    expect(readPage(new URLSearchParams('page=x'))).toBe(0);
  });

  it('writes the filter, drops empty values and the page, keeps other parameters', () => {
    const prev = new URLSearchParams('q=old&page=4&stream=r1&model=m');
    const next = writeFilter(prev, { ...EMPTY_FILTER, q: ' new ', status: 'completed' });
    expect(next.toString()).toBe('q=new&stream=r1&status=completed');
  });

  it('round-trips through the URL', () => {
    const filter = { ...EMPTY_FILTER, q: 'a b', goalId: 'g/1', to: '2026-12-06T11:00:00Z' };
    expect(readFilter(writeFilter(new URLSearchParams(), filter))).toEqual(filter);
  });
});

describe('datetime-local values', () => {
  it('turn into ISO instants of the browser zone', () => {
    const local = new Date(2026, 11, 6, 10, 30, 0);
    expect(localInputToIso('2026-12-06T10:30')).toBe(local.toISOString().replace('.000Z', 'Z'));
    expect(localInputToIso('2026-12-06T10:30:15')).toBe(
      new Date(2026, 11, 6, 10, 30, 15).toISOString().replace('.000Z', 'Z'),
    );
    expect(localInputToIso('')).toBe('');
    expect(localInputToIso('tomorrow')).toBe('');
  });

  it('come back from ISO instants', () => {
    const iso = localInputToIso('2026-03-01T08:05');
    expect(isoToLocalInput(iso)).toBe('2026-03-01T08:05');
    expect(isoToLocalInput('')).toBe('');
    expect(isoToLocalInput('nope')).toBe('');
  });
});
