/** Formatting helpers for metrics (all tolerate missing values). */

export const DASH = '—';

export function formatMs(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return DASH;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.floor((ms % 60_000) / 1000);
  return `${minutes}m ${String(seconds).padStart(2, '0')}s`;
}

export function formatRate(perSecond: number | undefined): string {
  if (perSecond === undefined || !Number.isFinite(perSecond)) return DASH;
  return perSecond >= 100 ? perSecond.toFixed(0) : perSecond.toFixed(1);
}

export function formatCount(n: number | undefined): string {
  if (n === undefined || !Number.isFinite(n)) return DASH;
  return n.toLocaleString('en-US');
}

export function formatTime(epochMs: number | undefined): string {
  if (epochMs === undefined || !Number.isFinite(epochMs)) return DASH;
  return new Date(epochMs).toLocaleTimeString(undefined, { hour12: false });
}

/**
 * An amount of US dollars with the decimals it needs: cents from a dollar up, two significant
 * digits below (LLM calls often cost a fraction of a cent: `$0.00025`).
 */
export function formatUsd(usd: number | undefined): string {
  if (usd === undefined || !Number.isFinite(usd)) return DASH;
  if (usd === 0) return '$0.00';
  const abs = Math.abs(usd);
  const decimals = abs >= 1 ? 2 : Math.min(9, Math.max(2, Math.ceil(-Math.log10(abs)) + 1));
  return `${usd < 0 ? '-' : ''}$${abs.toFixed(decimals)}`;
}
