/** Roles and what they allow (admin ⊇ operator ⊇ viewer); the server enforces the same rules. */

export type Role = 'admin' | 'operator' | 'viewer';

/** Weakest first. */
export const ROLES: readonly Role[] = ['viewer', 'operator', 'admin'];

const RANK: Record<Role, number> = { viewer: 0, operator: 1, admin: 2 };

export function isRole(value: unknown): value is Role {
  return value === 'admin' || value === 'operator' || value === 'viewer';
}

/** True when `role` includes everything `required` may do (unknown or missing: false). */
export function canRole(role: Role | string | null | undefined, required: Role): boolean {
  return isRole(role) && RANK[role] >= RANK[required];
}

/** Roles a user with `role` may give (API keys): at most their own, weakest first. */
export function assignableRoles(role: Role | string | null | undefined): Role[] {
  return ROLES.filter((r) => canRole(role, r));
}

export interface Actor {
  name: string;
  role: Role | string;
}

/**
 * Whether `user` may cancel work owned by `owner`: admins anything, operators their own
 * (and work whose owner is not known: the server decides), viewers nothing.
 */
export function canCancel(user: Actor | null | undefined, owner: string | null | undefined) {
  if (!user) return false;
  if (canRole(user.role, 'admin')) return true;
  return canRole(user.role, 'operator') && (owner == null || owner === user.name);
}

/**
 * Whether `user` may retry a failed goal owned by `owner`: the same rule as cancelling it (the
 * server answers 403 to viewers and 404 for another operator's goal).
 */
export function canRetry(user: Actor | null | undefined, owner: string | null | undefined) {
  return canCancel(user, owner);
}
