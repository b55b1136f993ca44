/** Status badge for goals, work items and runs (stream statuses have their own badge). */

type Tone = 'live' | 'ok' | 'danger' | 'muted' | 'neutral';

const TONES: Record<string, Tone> = {
  running: 'live',
  streaming: 'live',
  succeeded: 'ok',
  completed: 'ok',
  failed: 'danger',
  error: 'danger',
  cancelled: 'muted',
  skipped: 'muted',
  queued: 'neutral',
  pending: 'neutral',
};

const CLASSES: Record<Tone, string> = {
  live: 'badge-streaming',
  ok: 'badge-completed',
  danger: 'badge-error',
  muted: 'badge-cancelled',
  neutral: 'badge-neutral',
};

export function StateBadge({ status, testId }: { status: string; testId?: string }) {
  const tone = TONES[status] ?? 'neutral';
  return (
    <span className={`badge ${CLASSES[tone]}`} data-testid={testId} data-status={status}>
      {tone === 'live' && <span className="pulse-dot" aria-hidden="true" />}
      {status.charAt(0).toUpperCase() + status.slice(1)}
    </span>
  );
}
