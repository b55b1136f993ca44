import { useEffect, useMemo, useSyncExternalStore } from 'react';
import { formatRate } from '../../../lib/format';
import { ALL_STREAMS_PATH, getChannel } from '../../streams/channels';
import { createThroughputSampler, type ThroughputSampler } from '../throughput';
import { Sparkline } from './sparkline';

const WINDOW_MS = 3 * 60_000;

let sampler: ThroughputSampler | null = null;

/** One app-wide sampler over the all-streams channel, so history survives navigation. */
function appSampler(): ThroughputSampler {
  sampler ??= createThroughputSampler({
    read: () => getChannel(ALL_STREAMS_PATH).store.getState().chunkCount,
    keep: WINDOW_MS / 1000,
  });
  return sampler;
}

export function ThroughputCard() {
  const s = appSampler();
  useEffect(() => s.start(), [s]);
  const samples = useSyncExternalStore(s.subscribe, s.getSamples);
  const points = useMemo(() => samples.map((p) => ({ t: p.t, value: p.rate })), [samples]);
  const current = samples.length > 0 ? samples[samples.length - 1].rate : undefined;
  const peak = samples.reduce((m, p) => Math.max(m, p.rate), 0);
  return (
    <div className="card chart-card" data-testid="throughput-card">
      <div className="chart-header">
        <h2 className="card-title">Tokens/s, last 3 minutes</h2>
        <span className="chart-legend small muted">
          now{' '}
          <span className="mono strong accent" data-testid="throughput-now">
            {formatRate(current)}
          </span>{' '}
          · peak{' '}
          <span className="mono strong">{formatRate(samples.length ? peak : undefined)}</span>
        </span>
      </div>
      <Sparkline points={points} windowMs={WINDOW_MS} label="Tokens per second over time" />
    </div>
  );
}
