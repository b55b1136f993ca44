import { useMemo, useSyncExternalStore } from 'react';
import { getAuthState, subscribeAuth, type AuthState } from './auth-store';
import { canCancel, canRetry, canRole, type Role } from './roles';

export interface Auth extends AuthState {
  /** True when the signed-in user has at least `role`. */
  can(role: Role): boolean;
  /** True when the signed-in user may cancel work owned by `owner`. */
  canCancel(owner: string | null | undefined): boolean;
  /** True when the signed-in user may retry a failed goal owned by `owner`. */
  canRetry(owner: string | null | undefined): boolean;
}

/** Who is signed in, and what they may do. */
export function useAuth(): Auth {
  const state = useSyncExternalStore(subscribeAuth, getAuthState);
  return useMemo(
    () => ({
      ...state,
      can: (role: Role) => canRole(state.user?.role, role),
      canCancel: (owner: string | null | undefined) => canCancel(state.user, owner),
      canRetry: (owner: string | null | undefined) => canRetry(state.user, owner),
    }),
    [state],
  );
}
