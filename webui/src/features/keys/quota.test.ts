import { describe, expect, it } from 'vitest';
import {
  describeRequests,
  formatLimit,
  formatUsage,
  isUnlimited,
  meterTone,
  usageRatio,
  type QuotaStatus,
} from './quota';

const quota: QuotaStatus = {
  requestsPerMinute: 60,
  concurrentStreams: 4,
  tokensPerDay: 100_000,
  activeStreams: 1,
  tokensToday: 85_000,
  requestsAvailable: 58,
};

describe('quota helpers', () => {
  it('reads a limit of 0 as unlimited', () => {
    expect(isUnlimited(0)).toBe(true);
    expect(isUnlimited(null)).toBe(true);
    expect(isUnlimited(1)).toBe(false);
    expect(formatLimit(0)).toBe('unlimited');
    expect(formatLimit(100_000)).toBe('100,000');
    expect(formatUsage(1_234, 0)).toBe('1,234 / unlimited');
    expect(formatUsage(85_000, 100_000)).toBe('85,000 / 100,000');
  });

  it('measures how full a limit is, capped at full', () => {
    expect(usageRatio(85_000, 100_000)).toBeCloseTo(0.85);
    expect(usageRatio(5, 4)).toBe(1);
    expect(usageRatio(0, 4)).toBe(0);
    expect(usageRatio(7, 0)).toBeUndefined();
    expect(meterTone(0.5)).toBe('ok');
    expect(meterTone(0.8)).toBe('warn');
    expect(meterTone(1)).toBe('danger');
  });

  it('says how many requests may start now', () => {
    expect(describeRequests(quota)).toBe('58 of 60 available now');
    expect(describeRequests({ ...quota, requestsPerMinute: 0, requestsAvailable: -1 })).toBe(
      'unlimited',
    );
    expect(describeRequests({ ...quota, requestsAvailable: 0 })).toBe('0 of 60 available now');
  });
});
