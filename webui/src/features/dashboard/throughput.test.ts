import { describe, expect, it } from 'vitest';
import { niceCeiling } from './components/sparkline';
import { createThroughputSampler } from './throughput';

describe('throughput sampler', () => {
  it('turns a cumulative counter into per-second rates, bounded, surviving a counter reset', () => {
    let count = 0;
    let now = 0;
    const sampler = createThroughputSampler({ read: () => count, now: () => now, keep: 3 });
    let published = 0;
    sampler.subscribe(() => published++);
    sampler.sample(); // baseline
    expect(sampler.getSamples()).toEqual([]);
    count = 50;
    now = 1_000;
    sampler.sample();
    count = 80;
    now = 3_000;
    sampler.sample();
    expect(sampler.getSamples()).toEqual([
      { t: 1_000, rate: 50 },
      { t: 3_000, rate: 15 },
    ]);
    count = 10; // a new store started from zero
    now = 4_000;
    sampler.sample();
    count = 10;
    now = 5_000;
    sampler.sample();
    expect(sampler.getSamples().map((s) => s.rate)).toEqual([15, 10, 0]);
    expect(published).toBe(4);
  });

  it('rounds chart ceilings to readable numbers', () => {
    expect([0.5, 1, 7, 11, 24, 26, 180, 999].map(niceCeiling)).toEqual([
      1, 1, 10, 20, 25, 50, 200, 1000,
    ]);
  });
});
