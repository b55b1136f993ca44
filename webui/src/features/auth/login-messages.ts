/** What the sign-in page says when signing in fails. */
import { ApiError, errorMessage } from '../../lib/api';

export const INVALID_CREDENTIALS = 'Invalid username or password.';
export const INVALID_LINK = 'This sign-in link is invalid or was already used.';
export const SESSION_ENDED = 'Your session has ended. Sign in again to continue.';
export const SSO_FAILED = 'Single sign-on did not complete. Try again, or sign in with a password.';

/** The notice for `/login?error=…` (redirects from the server), or null. */
export function loginErrorNotice(error: string | null): string | null {
  if (error === 'link') return INVALID_LINK;
  if (error === 'sso') return SSO_FAILED;
  return null;
}

/** "45 seconds", "1 minute", "3 minutes". */
export function formatWait(seconds: number): string {
  const s = Math.max(1, Math.ceil(seconds));
  if (s < 60) return `${s} ${s === 1 ? 'second' : 'seconds'}`;
  const m = Math.ceil(s / 60);
  return `${m} ${m === 1 ? 'minute' : 'minutes'}`;
}

export function throttledMessage(retryAfterSeconds: number | undefined): string {
  return retryAfterSeconds !== undefined
    ? `Too many sign-in attempts. Try again in ${formatWait(retryAfterSeconds)}.`
    : 'Too many sign-in attempts. Wait a moment and try again.';
}

export function loginErrorMessage(err: unknown): string {
  if (err instanceof ApiError) {
    if (err.status === 401) return err.problem?.detail || INVALID_CREDENTIALS;
    if (err.status === 429) return throttledMessage(err.retryAfterSeconds);
  }
  return errorMessage(err);
}
