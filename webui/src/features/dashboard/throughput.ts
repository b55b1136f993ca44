/**
 * Live throughput: samples a cumulative chunk counter once per second and keeps the last few
 * minutes of per-second rates (one chunk is about one token on every supported provider).
 */
export interface ThroughputSample {
  /** Epoch ms at the end of the interval. */
  readonly t: number;
  /** Chunks per second over the interval. */
  readonly rate: number;
}

export interface ThroughputSamplerOptions {
  /** Reads the cumulative counter. */
  read: () => number;
  intervalMs?: number;
  /** Samples kept (default 180: three minutes at one per second). */
  keep?: number;
  now?: () => number;
}

export interface ThroughputSampler {
  subscribe(listener: () => void): () => void;
  getSamples(): readonly ThroughputSample[];
  /** Takes one sample now (the timer calls this; tests call it directly). */
  sample(): void;
  start(): void;
  stop(): void;
}

export function createThroughputSampler(options: ThroughputSamplerOptions): ThroughputSampler {
  const intervalMs = options.intervalMs ?? 1_000;
  const keep = options.keep ?? 180;
  const now = options.now ?? Date.now;
  const listeners = new Set<() => void>();
  let samples: readonly ThroughputSample[] = [];
  let lastCount: number | undefined;
  let lastAt = 0;
  let timer: ReturnType<typeof setInterval> | null = null;

  function sample(): void {
    const count = options.read();
    const at = now();
    if (lastCount !== undefined && at > lastAt) {
      // A counter that went down belongs to a new store: count from zero again.
      const delta = count >= lastCount ? count - lastCount : count;
      const next = [...samples, { t: at, rate: delta / ((at - lastAt) / 1000) }];
      samples = next.length > keep ? next.slice(next.length - keep) : next;
      for (const listener of [...listeners]) listener();
    }
    lastCount = count;
    lastAt = at;
  }

  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getSamples: () => samples,
    sample,
    start() {
      if (timer !== null) return;
      sample();
      timer = setInterval(sample, intervalMs);
    },
    stop() {
      if (timer !== null) clearInterval(timer);
      timer = null;
    },
  };
}
