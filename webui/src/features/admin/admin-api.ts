/** Admin-only APIs: users (`/api/users`) and the audit log (`/api/audit`). */
import { deleteJson, getJson, postJson, putJson } from '../../lib/api';
import type { Role } from '../auth/roles';
import type { Page } from '../goals/goals-api';

export interface User {
  username: string;
  role: Role | string;
  createdAt?: string | null;
  /** False for accounts that cannot sign in with a password yet (first start, SSO). */
  hasPassword: boolean;
}

export interface NewUser {
  username: string;
  password: string;
  role: Role;
}

export interface UserUpdate {
  role?: Role;
  password?: string;
}

export interface AuditEntry {
  id: string | number;
  at: string;
  principal?: string | null;
  action: string;
  target?: string | null;
  address?: string | null;
  outcome: string;
}

export interface AuditQuery {
  action?: string;
  principal?: string;
  page?: number;
  size?: number;
}

const userPath = (username: string) => `/api/users/${encodeURIComponent(username)}`;

export async function listUsers(signal?: AbortSignal): Promise<User[]> {
  const body = await getJson<{ items?: User[] }>('/api/users', { signal, action: 'list users' });
  return body?.items ?? [];
}

export function createUser(user: NewUser): Promise<User> {
  return postJson<User>('/api/users', user, { action: 'add users' });
}

export function updateUser(username: string, update: UserUpdate): Promise<User> {
  return putJson<User>(userPath(username), update, {
    action: update.password !== undefined ? 'reset passwords' : 'change roles',
  });
}

export function deleteUser(username: string): Promise<void> {
  return deleteJson(userPath(username), { action: 'delete users' });
}

export function auditUrl(query: AuditQuery = {}): string {
  const params = new URLSearchParams();
  params.set('page', String(query.page ?? 0));
  params.set('size', String(query.size ?? 50));
  if (query.action?.trim()) params.set('action', query.action.trim());
  if (query.principal?.trim()) params.set('principal', query.principal.trim());
  return `/api/audit?${params.toString()}`;
}

export function listAudit(query: AuditQuery, signal?: AbortSignal): Promise<Page<AuditEntry>> {
  return getJson<Page<AuditEntry>>(auditUrl(query), { signal, action: 'read the audit log' });
}

/** Badge tone of an audit outcome: success, denied/failure, anything else. */
export function outcomeTone(outcome: string): 'ok' | 'danger' | 'neutral' {
  const o = outcome.toLowerCase();
  if (o === 'success' || o === 'ok' || o === 'allowed') return 'ok';
  if (/(deni|fail|error|refus|forbid|invalid|throttl|reject)/.test(o)) return 'danger';
  return 'neutral';
}
