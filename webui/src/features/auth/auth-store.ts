/**
 * Who is signed in: a framework-free store read through `useAuth()`. The CSRF token goes to the
 * API client (memory only) and is kept out of this state. Any API call answering 401 signs the
 * console out ("session ended"); the route guard then sends the user to the sign-in page.
 */
import { errorMessage, onUnauthorized, setCsrfRefresher, setCsrfToken } from '../../lib/api';
import { fetchMe, type Principal } from './auth-api';

export type AuthStatus = 'unknown' | 'signed-in' | 'signed-out' | 'error';

/** `expired`: the server ended the session (401); `signed-out`: the user signed out. */
export type SignOutReason = 'expired' | 'signed-out';

export interface AuthState {
  readonly status: AuthStatus;
  /** The signed-in user (without the CSRF token). */
  readonly user: Omit<Principal, 'csrfToken'> | null;
  readonly reason?: SignOutReason;
  /** Why the session could not be checked (status `error`). */
  readonly error?: string;
}

const UNKNOWN: AuthState = { status: 'unknown', user: null };

let state: AuthState = UNKNOWN;
const listeners = new Set<() => void>();
const signedOutListeners = new Set<() => void>();
let pending: Promise<Principal | null> | null = null;
/** Bumped on every change, so an older session check cannot overwrite a newer state. */
let generation = 0;

function publish(next: AuthState): void {
  state = next;
  for (const listener of [...listeners]) listener();
}

function endSession(): void {
  for (const listener of [...signedOutListeners]) {
    try {
      listener();
    } catch (err) {
      console.error('sign-out listener failed', err);
    }
  }
}

export function getAuthState(): AuthState {
  return state;
}

export function subscribeAuth(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Runs when a signed-in session ends (sign-out, expiry, another user signing in). */
export function onSignedOut(listener: () => void): () => void {
  signedOutListeners.add(listener);
  return () => signedOutListeners.delete(listener);
}

export function setSignedIn(principal: Principal): void {
  generation++;
  pending = null;
  setCsrfToken(principal.csrfToken);
  const previous = state.user;
  const { csrfToken: _token, ...user } = principal;
  if (previous && previous.name !== user.name) endSession();
  publish({ status: 'signed-in', user });
}

export function setSignedOut(reason?: SignOutReason): void {
  generation++;
  pending = null;
  setCsrfToken(null);
  const wasSignedIn = state.status === 'signed-in';
  publish({ status: 'signed-out', user: null, reason });
  if (wasSignedIn) endSession();
}

/**
 * Asks `GET /api/auth/me` (one request at a time): signed in, signed out (401; "expired" when
 * it was signed in), or, when the server cannot be reached before anyone signed in, `error`.
 */
export function checkSession(): Promise<Principal | null> {
  if (pending) return pending;
  const ticket = ++generation;
  const request = fetchMe().then(
    (principal) => {
      if (ticket === generation) {
        pending = null;
        if (principal) setSignedIn(principal);
        else setSignedOut(state.status === 'signed-in' ? 'expired' : undefined);
      }
      return principal;
    },
    (err: unknown) => {
      if (ticket === generation) {
        pending = null;
        if (state.status !== 'signed-in') {
          publish({ status: 'error', user: null, error: errorMessage(err) });
        }
      }
      throw err;
    },
  );
  pending = request;
  return request;
}

/** {@link checkSession} for callers that only want its effect (sockets refused, 403 retry). */
export function recheckSession(): void {
  checkSession().catch(() => undefined);
}

/** Back to "nobody known" without notifying sign-out listeners (tests). */
export function resetAuth(): void {
  generation++;
  pending = null;
  setCsrfToken(null);
  publish(UNKNOWN);
}

onUnauthorized(() => {
  if (state.status === 'signed-out') return;
  setSignedOut(state.status === 'signed-in' ? 'expired' : undefined);
});

setCsrfRefresher(async () => (await checkSession())?.csrfToken ?? null);
