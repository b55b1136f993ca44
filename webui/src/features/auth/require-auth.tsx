import { LoaderCircle, ShieldAlert } from 'lucide-react';
import { useEffect, type ReactNode } from 'react';
import { Link, Navigate, useLocation } from 'react-router';
import { LOGIN_PATH, loginPath } from './auth-paths';
import { checkSession, recheckSession } from './auth-store';
import type { Role } from './roles';
import { useAuth } from './use-auth';

/**
 * Renders `children` for a signed-in user. While unknown it asks the server; signed out it
 * goes to the sign-in page, remembering the page (`/login?next=…`).
 */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { status, user, reason, error } = useAuth();
  const location = useLocation();

  useEffect(() => {
    if (status === 'unknown') checkSession().catch(() => undefined);
  }, [status]);

  if (status === 'signed-in' && user) return children;
  if (status === 'signed-out') {
    const to =
      reason === 'signed-out' ? LOGIN_PATH : loginPath(`${location.pathname}${location.search}`);
    return <Navigate to={to} replace />;
  }
  return (
    <div className="auth-screen">
      {status === 'error' ? (
        <div className="card auth-card" role="alert" data-testid="auth-check-error">
          <h1 className="card-title">Cannot reach the server</h1>
          <p className="muted">{error}</p>
          <button type="button" className="button primary" onClick={recheckSession}>
            Try again
          </button>
        </div>
      ) : (
        <p className="muted auth-checking" data-testid="auth-checking">
          <LoaderCircle size={16} className="spin" aria-hidden="true" /> Checking sign-in…
        </p>
      )}
    </div>
  );
}

/** The "you may not" page shown instead of a page the role does not allow. */
export function Forbidden({ action }: { action: string }) {
  return (
    <section className="page">
      <div className="card empty forbidden" role="alert" data-testid="forbidden">
        <ShieldAlert size={22} aria-hidden="true" />
        <p>You do not have permission to {action}.</p>
        <p className="small">
          Ask an administrator for another role, or go back to the <Link to="/">dashboard</Link>.
        </p>
      </div>
    </section>
  );
}

/** Renders `children` only for users with at least `role` (the server enforces it as well). */
export function RequireRole({
  role,
  action,
  children,
}: {
  role: Role;
  /** What the page does: "You do not have permission to <action>." */
  action: string;
  children: ReactNode;
}) {
  const { can } = useAuth();
  return can(role) ? children : <Forbidden action={action} />;
}
