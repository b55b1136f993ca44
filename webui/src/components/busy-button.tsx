import { LoaderCircle, type LucideIcon } from 'lucide-react';
import type { ReactNode } from 'react';

/** A submit button that shows a spinner instead of its icon while `busy` (and is disabled). */
export function BusyButton({
  busy,
  icon: Icon,
  testId,
  className = 'button primary',
  disabled = false,
  children,
}: {
  busy: boolean;
  icon: LucideIcon;
  testId: string;
  className?: string;
  disabled?: boolean;
  children: ReactNode;
}) {
  return (
    <button type="submit" className={className} data-testid={testId} disabled={busy || disabled}>
      {busy ? (
        <LoaderCircle size={16} className="spin" aria-hidden="true" />
      ) : (
        <Icon size={16} aria-hidden="true" />
      )}
      {children}
    </button>
  );
}
