import { describe, expect, it } from 'vitest';
import { formatUsd } from './format';

describe('formatUsd', () => {
  it('writes cents from a dollar up and two significant digits below', () => {
    expect(formatUsd(12.5)).toBe('$12.50');
    expect(formatUsd(1)).toBe('$1.00');
    expect(formatUsd(0.5)).toBe('$0.50');
    expect(formatUsd(0.05)).toBe('$0.050');
    expect(formatUsd(0.0002475)).toBe('$0.00025');
    expect(formatUsd(0.00000015)).toBe('$0.00000015');
  });

  it('writes zero as cents and nothing known as a dash', () => {
    expect(formatUsd(0)).toBe('$0.00');
    expect(formatUsd(undefined)).toBe('—');
    expect(formatUsd(Number.NaN)).toBe('—');
  });
});
