import { LoaderCircle, LogOut, UserRound } from 'lucide-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { ApiError, errorMessage } from '../../lib/api';
import { logout } from './auth-api';
import { setSignedOut } from './auth-store';
import { RoleBadge } from './role-badge';
import { useAuth } from './use-auth';

/** Header: who is signed in (links to /account), their role, and Sign out. */
export function UserMenu() {
  const { user } = useAuth();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!user) return null;

  const signOut = async () => {
    setBusy(true);
    setError(null);
    try {
      await logout();
    } catch (err) {
      // 401: the session had already ended, which is what was asked for.
      if (!(err instanceof ApiError && err.status === 401)) {
        setBusy(false);
        setError(`Could not sign out: ${errorMessage(err)}`);
        return;
      }
    }
    setSignedOut('signed-out'); // the route guard then goes to /login
  };

  return (
    <div className="user-menu">
      <Link to="/account" className="user-chip" data-testid="user-menu" title="Your account">
        <UserRound size={16} aria-hidden="true" />
        <span className="user-name" data-testid="user-name">
          {user.name}
        </span>
        <RoleBadge role={user.role} testId="user-role" />
      </Link>
      <button
        type="button"
        className="button small"
        data-testid="sign-out"
        disabled={busy}
        onClick={() => void signOut()}
      >
        {busy ? (
          <LoaderCircle size={14} className="spin" aria-hidden="true" />
        ) : (
          <LogOut size={14} aria-hidden="true" />
        )}
        Sign out
      </button>
      {error && (
        <span className="small danger-text" role="alert" data-testid="sign-out-error">
          {error}
        </span>
      )}
    </div>
  );
}
