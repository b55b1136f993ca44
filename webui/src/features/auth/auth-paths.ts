/** Where sign-in sends the user, and back (pure helpers for the guard and the login page). */

export const LOGIN_PATH = '/login';

function isLocalPath(value: string): boolean {
  // One leading slash only ("//host" and "/\host" are other origins); no control characters.
  // eslint-disable-next-line no-control-regex
  return /^\/(?![/\\])/.test(value) && !/[\u0000-\u001f\u007f]/.test(value);
}

/** The sign-in page, remembering `current` (path + query) to come back to. */
export function loginPath(current: string): string {
  if (!isLocalPath(current) || current === '/' || current.startsWith(LOGIN_PATH)) {
    return LOGIN_PATH;
  }
  return `${LOGIN_PATH}?next=${encodeURIComponent(current)}`;
}

/** The `next` parameter when it is a path of this console, else the dashboard. */
export function safeNextPath(next: string | null | undefined): string {
  if (!next || !isLocalPath(next) || next.startsWith(LOGIN_PATH)) return '/';
  return next;
}

/**
 * Where the single sign-on button goes: the server's start URL (`oidc.loginUrl`), asking it to
 * come back to `next` (a local path) when that is not the dashboard.
 */
export function ssoStartUrl(loginUrl: string, next: string): string {
  if (next === '/') return loginUrl;
  return `${loginUrl}${loginUrl.includes('?') ? '&' : '?'}next=${encodeURIComponent(next)}`;
}

/** The single sign-on start URL when it is a local path or an http(s) URL, else null. */
export function safeLoginUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  const trimmed = url.trim();
  if (isLocalPath(trimmed)) return trimmed;
  try {
    const parsed = new URL(trimmed);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : null;
  } catch {
    return null;
  }
}
