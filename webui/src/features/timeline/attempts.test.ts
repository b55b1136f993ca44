import { describe, expect, it } from 'vitest';
import type { StreamAttempt } from '../streams/wire-types';
import { describeAttempt, describeAttempts, summarizeAttempts } from './attempts';

const fail = (provider: string, extra: Partial<StreamAttempt> = {}): StreamAttempt => ({
  provider,
  atMs: 100,
  error: 'stream_broken',
  ...extra,
});

describe('attempts', () => {
  it('counts retries on the same provider and a fallback to the serving one', () => {
    const attempts = [fail('faults'), fail('faults'), fail('faults')];
    expect(summarizeAttempts(attempts, 'sim-anthropic')).toEqual({
      retries: 2,
      fallbacks: [{ from: 'faults', to: 'sim-anthropic' }],
    });
    expect(describeAttempts(attempts, 'sim-anthropic')).toBe(
      '2 retries, fell back from faults to sim-anthropic',
    );
  });

  it('says one retry, and nothing without attempts', () => {
    expect(describeAttempts([fail('a')], 'a')).toBe('1 retry');
    expect(describeAttempts([], 'a')).toBeUndefined();
    expect(describeAttempts(undefined, 'a')).toBeUndefined();
  });

  it('names every provider switch in a chain', () => {
    expect(describeAttempts([fail('a'), fail('b')], 'c')).toBe(
      'fell back from a to b, fell back from b to c',
    );
  });

  it('counts an attempt as a retry when the serving provider is unknown', () => {
    expect(describeAttempts([fail('a')], undefined)).toBe('1 retry');
  });

  it('labels one attempt with provider, HTTP status or error, and the wait', () => {
    expect(
      describeAttempt(
        fail('openai', { status: 429, error: 'rate_limited', waitMs: 1_500, retryAfterMs: 1_000 }),
      ),
    ).toBe('openai: HTTP 429 rate_limited at 100 ms (Retry-After 1.00 s), waited 1.50 s');
    expect(describeAttempt(fail('faults', { status: null, waitMs: null }))).toBe(
      'faults: stream_broken at 100 ms, went on at once',
    );
  });
});
