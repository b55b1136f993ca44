/** Auth REST API: configuration, who is signed in, sign-in/out, password. */
import { ApiError, getJson, postJson, requestJson } from '../../lib/api';
import { isRole, type Role } from './roles';

export type AuthVia = 'session' | 'key' | 'jwt';

/** The signed-in identity (`GET /api/auth/me`, `POST /api/auth/login`). */
export interface Principal {
  name: string;
  role: Role;
  via: AuthVia | string;
  /** Present for cookie sessions; sent back as `X-CSRF-Token`. */
  csrfToken?: string | null;
}

export interface AuthConfig {
  localLogin: boolean;
  oidc: { enabled: boolean; loginUrl?: string | null };
}

export const DEFAULT_AUTH_CONFIG: AuthConfig = { localLogin: true, oidc: { enabled: false } };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Checks a /me or login body; an unknown role becomes the weakest one. */
export function toPrincipal(value: unknown): Principal {
  if (!isObject(value) || typeof value.name !== 'string' || value.name === '') {
    throw new ApiError(500, 'The server answered with an invalid identity.');
  }
  return {
    name: value.name,
    role: isRole(value.role) ? value.role : 'viewer',
    via: typeof value.via === 'string' ? value.via : 'session',
    csrfToken: typeof value.csrfToken === 'string' ? value.csrfToken : null,
  };
}

export function toAuthConfig(value: unknown): AuthConfig {
  if (!isObject(value)) return DEFAULT_AUTH_CONFIG;
  const oidc = isObject(value.oidc) ? value.oidc : {};
  return {
    localLogin: value.localLogin !== false,
    oidc: {
      enabled: oidc.enabled === true,
      loginUrl: typeof oidc.loginUrl === 'string' ? oidc.loginUrl : null,
    },
  };
}

/** Public; a server without it (404) gets the defaults: local sign-in only. */
export async function fetchAuthConfig(signal?: AbortSignal): Promise<AuthConfig> {
  try {
    return toAuthConfig(
      await getJson<unknown>('/api/auth/config', { signal, authRedirect: false }),
    );
  } catch (err) {
    if (err instanceof ApiError && (err.status === 404 || err.status === 405)) {
      return DEFAULT_AUTH_CONFIG;
    }
    throw err;
  }
}

/** Who is signed in; null when nobody is (401). */
export async function fetchMe(signal?: AbortSignal): Promise<Principal | null> {
  try {
    return toPrincipal(await getJson<unknown>('/api/auth/me', { signal, authRedirect: false }));
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) return null;
    throw err;
  }
}

/** 401: wrong credentials; 429: throttled (`retryAfterSeconds`). */
export async function login(username: string, password: string): Promise<Principal> {
  return toPrincipal(
    await postJson<unknown>('/api/auth/login', { username, password }, { authRedirect: false }),
  );
}

export function logout(): Promise<void> {
  return postJson<void>('/api/auth/logout', undefined, { authRedirect: false });
}

/** `currentPassword` is left out when the account has no password yet (first start). */
export function changePassword(newPassword: string, currentPassword?: string): Promise<void> {
  const body: Record<string, string> = { newPassword };
  if (currentPassword !== undefined) body.currentPassword = currentPassword;
  return requestJson<void>('POST', '/api/auth/password', body, {
    action: 'change this password',
    authRedirect: false,
  });
}
