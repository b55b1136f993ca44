/** API keys (`/api/keys`): operators manage their own, admins anyone's. */
import { deleteJson, getJson, postJson } from '../../lib/api';
import { parseIso } from '../../lib/time';
import type { Role } from '../auth/roles';
import type { QuotaStatus } from './quota';

export interface ApiKey {
  id: string;
  name: string;
  owner: string;
  role: Role | string;
  /** The first characters of the secret, to recognise it (e.g. `pb_3kF9`). */
  prefix: string;
  createdAt: string;
  expiresAt?: string | null;
  lastUsedAt?: string | null;
  revokedAt?: string | null;
  createdBy: string;
  /** The key's limits (its own within its owner's; 0: unlimited) and its usage now. */
  quota?: QuotaStatus | null;
}

/** The answer to a create: the only time the secret is ever shown. */
export interface CreatedApiKey extends ApiKey {
  secret: string;
}

export interface NewApiKey {
  name: string;
  role?: Role;
  /** Admins only: create the key for another user. */
  owner?: string;
  expiresInDays?: number;
  /** Limits of the key's own (at least 1), which only narrow its owner's; left out: the owner's. */
  requestsPerMinute?: number;
  concurrentStreams?: number;
  tokensPerDay?: number;
  /** What the key's calls of a UTC day may cost, in USD (more than 0). */
  usdPerDay?: number;
}

export type KeyState = 'active' | 'expired' | 'revoked';

export function keyState(key: ApiKey, now = Date.now()): KeyState {
  if (key.revokedAt) return 'revoked';
  const expires = parseIso(key.expiresAt);
  return expires !== undefined && expires <= now ? 'expired' : 'active';
}

export async function listKeys(signal?: AbortSignal): Promise<ApiKey[]> {
  const page = await getJson<{ items?: ApiKey[] }>('/api/keys', {
    signal,
    action: 'view API keys',
  });
  return page?.items ?? [];
}

export function createKey(key: NewApiKey): Promise<CreatedApiKey> {
  return postJson<CreatedApiKey>('/api/keys', key, { action: 'create this API key' });
}

export function revokeKey(id: string): Promise<void> {
  return deleteJson(`/api/keys/${encodeURIComponent(id)}`, { action: 'revoke this API key' });
}
