/**
 * HTTP API client (same origin; the dev server proxies /api). The session is an HttpOnly
 * cookie the browser sends by itself; unsafe methods carry the CSRF token, kept in memory only.
 */

/** RFC 9457 problem details. */
export interface ProblemDetails {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  instance?: string;
  /** Validation errors (`errors:[{field,message}]`). */
  errors?: FieldError[];
  /**
   * A quota's refusal (429, 503 when the whole server is full): which limit
   * (`requests-per-minute`, `concurrent-streams`, `tokens-per-day`, `usd-per-day`, `upstream-streams`,
   * `queued-goals`, `quotas-unavailable`).
   */
  limit?: QuotaLimit | string;
  /** The refusing limit's value. */
  value?: number;
  /** Seconds until a retry may succeed (the same as the `Retry-After` header). */
  retryAfterSeconds?: number;
}

/** The limits a 429/503 quota problem names (`QuotaExceededException.Limit`). */
export type QuotaLimit =
  | 'requests-per-minute'
  | 'concurrent-streams'
  | 'tokens-per-day'
  | 'usd-per-day'
  | 'upstream-streams'
  | 'queued-goals'
  | 'quotas-unavailable';

export interface FieldError {
  field: string;
  message: string;
}

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface CompletionRequest {
  model?: string;
  messages: ChatMessage[];
  goalId?: string;
  stream: boolean;
}

export interface CompletionResponse {
  requestId: string;
  content: string;
  finishReason: string;
  tokensUsed?: number;
  inputTokens?: number;
  outputTokens?: number;
  [key: string]: unknown;
}

export class ApiError extends Error {
  readonly status: number;
  readonly problem?: ProblemDetails;
  /** Seconds from a `Retry-After` header (429, 503), when the server sent one. */
  readonly retryAfterSeconds?: number;

  constructor(
    status: number,
    message: string,
    problem?: ProblemDetails,
    retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

export interface RequestOptions {
  signal?: AbortSignal;
  /** What the call does, for a 403: "You do not have permission to <action>." */
  action?: string;
  /**
   * false: a 401 is the caller's business (the sign-in form, the session check) rather than
   * "the session ended, go to the sign-in page". Default true.
   */
  authRedirect?: boolean;
}

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The session's CSRF token: in memory only (never in storage, URLs or logs). */
let csrfToken: string | null = null;
const unauthorizedListeners = new Set<() => void>();
let csrfRefresher: (() => Promise<string | null>) | null = null;

/** Sets the token sent as `X-CSRF-Token` on unsafe requests (from /me or login); null clears. */
export function setCsrfToken(token: string | null | undefined): void {
  csrfToken = typeof token === 'string' && token !== '' ? token : null;
}

/**
 * The single 401 hook: `listener` runs whenever an API call answers 401 (session expired or
 * revoked). Returns a function that removes it.
 */
export function onUnauthorized(listener: () => void): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

/**
 * Reads the current CSRF token again (the auth store asks /api/auth/me). An unsafe request
 * answered 403 is retried once when the token turned out to have changed, e.g. after the user
 * signed in again in another tab.
 */
export function setCsrfRefresher(refresh: (() => Promise<string | null>) | null): void {
  csrfRefresher = refresh;
}

/** `Retry-After` in seconds (delta-seconds or an HTTP date); undefined when absent or invalid. */
export function parseRetryAfter(
  value: string | null | undefined,
  now = Date.now(),
): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const at = Date.parse(trimmed);
  return Number.isFinite(at) ? Math.max(0, Math.ceil((at - now) / 1000)) : undefined;
}

/** True for the statuses that say "not now, later" (429 Too Many Requests, 503 Unavailable). */
export function isRetryLaterStatus(status: number): boolean {
  return status === 429 || status === 503;
}

/** "Try again in N s" in the server's own words, at the end of a detail (replaced, not repeated). */
const TRAILING_TRY_AGAIN = /[\s;,.:-]*try again in \d+\s*(?:s|sec|secs|seconds?)\b\.?\s*$/i;

/**
 * `text` (a problem's detail) followed by "Try again in N s." from `Retry-After`; the server's
 * own trailing "try again in …" is dropped first so the wait is said once, with the header's
 * number. Without a wait, `text` unchanged.
 */
export function withRetryAfter(text: string, retryAfterSeconds: number | undefined): string {
  if (retryAfterSeconds === undefined) return text;
  const seconds = Math.max(1, Math.ceil(retryAfterSeconds));
  const base = text.replace(TRAILING_TRY_AGAIN, '').trim();
  const sentence = base === '' || /[.!?]$/.test(base) ? base : `${base}.`;
  return `${sentence}${sentence ? ' ' : ''}Try again in ${seconds} s.`;
}

/** "You do not have permission to <action>." followed by the server's explanation, if any. */
export function forbiddenMessage(action: string | undefined, detail?: string): string {
  const base = `You do not have permission to ${action ?? 'do this'}.`;
  const extra = detail?.trim();
  if (!extra || /^you do not have permission/i.test(extra)) return base;
  return `${base} ${extra}`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

async function readProblem(response: Response): Promise<ProblemDetails | undefined> {
  try {
    const text = await response.text();
    if (!text) return undefined;
    const body = JSON.parse(text) as unknown;
    if (!isObject(body)) return undefined;
    const pick = (key: string) => (typeof body[key] === 'string' ? body[key] : undefined);
    const errors = Array.isArray(body.errors)
      ? body.errors
          .filter(isObject)
          .map((e) => ({
            field: typeof e.field === 'string' ? e.field : '',
            message: typeof e.message === 'string' ? e.message : String(e.message ?? ''),
          }))
          .filter((e) => e.message !== '')
      : undefined;
    const count = (key: string) =>
      typeof body[key] === 'number' && Number.isFinite(body[key]) ? body[key] : undefined;
    return {
      errors,
      limit: pick('limit'),
      value: count('value'),
      retryAfterSeconds: count('retryAfterSeconds'),
      type: pick('type'),
      title: pick('title'),
      detail: pick('detail'),
      instance: pick('instance'),
      status: typeof body.status === 'number' ? body.status : undefined,
    };
  } catch {
    return undefined;
  }
}

async function failure(response: Response, action?: string): Promise<ApiError> {
  const problem = await readProblem(response);
  // The header when the browser shows it, else the problem's own member.
  const retryAfter =
    parseRetryAfter(response.headers.get('Retry-After')) ?? problem?.retryAfterSeconds;
  if (response.status === 403) {
    return new ApiError(403, forbiddenMessage(action, problem?.detail), problem, retryAfter);
  }
  const message =
    problem?.detail ||
    problem?.title ||
    `Request failed: HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
  return new ApiError(
    response.status,
    isRetryLaterStatus(response.status) ? withRetryAfter(message, retryAfter) : message,
    problem,
    retryAfter,
  );
}

function send(method: string, url: string, body: unknown, signal?: AbortSignal) {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (UNSAFE_METHODS.has(method) && csrfToken !== null) headers['X-CSRF-Token'] = csrfToken;
  return fetch(url, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: 'same-origin',
    signal,
  });
}

/**
 * One API call: same-origin credentials, the CSRF header on unsafe methods, problem JSON
 * turned into an {@link ApiError}, a 401 reported to the {@link onUnauthorized} listeners.
 * An empty body (204) resolves to undefined.
 */
export async function requestJson<T>(
  method: string,
  url: string,
  body?: unknown,
  options: RequestOptions = {},
): Promise<T> {
  const { signal, action, authRedirect = true } = options;
  const sentToken = csrfToken;
  let response = await send(method, url, body, signal);
  if (response.status === 403 && UNSAFE_METHODS.has(method) && csrfRefresher) {
    const fresh = await csrfRefresher().catch(() => null);
    if (fresh && fresh !== sentToken) response = await send(method, url, body, signal);
  }
  if (!response.ok) {
    if (response.status === 401 && authRedirect) {
      for (const listener of [...unauthorizedListeners]) listener();
    }
    throw await failure(response, action);
  }
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

function toOptions(options: AbortSignal | RequestOptions | undefined): RequestOptions {
  if (options === undefined) return {};
  // Duck-typed: test environments may have more than one AbortSignal class.
  return 'aborted' in options ? { signal: options } : options;
}

export function getJson<T>(url: string, options?: AbortSignal | RequestOptions): Promise<T> {
  return requestJson<T>('GET', url, undefined, toOptions(options));
}

export function postJson<T>(
  url: string,
  body?: unknown,
  options?: AbortSignal | RequestOptions,
): Promise<T> {
  return requestJson<T>('POST', url, body, toOptions(options));
}

export function putJson<T>(
  url: string,
  body?: unknown,
  options?: AbortSignal | RequestOptions,
): Promise<T> {
  return requestJson<T>('PUT', url, body, toOptions(options));
}

export function deleteJson<T = void>(
  url: string,
  options?: AbortSignal | RequestOptions,
): Promise<T> {
  return requestJson<T>('DELETE', url, undefined, toOptions(options));
}

/** True when the error means "this API does not exist on this server (yet)". */
export function isMissingApi(err: unknown): boolean {
  return err instanceof ApiError && (err.status === 404 || err.status === 405);
}

/** True for a 429 or 503: a quota or a full server refused; `retryAfterSeconds` says when. */
export function isRetryLater(err: unknown): boolean {
  return err instanceof ApiError && isRetryLaterStatus(err.status);
}

/** True for a 403: the signed-in user may not do this. */
export function isForbidden(err: unknown): boolean {
  return err instanceof ApiError && err.status === 403;
}

/** The message to show for a failed call. */
export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  return `Request failed: ${err instanceof Error ? err.message : String(err)}`;
}

export function postCompletion(
  request: CompletionRequest,
  signal?: AbortSignal,
): Promise<CompletionResponse> {
  return postJson<CompletionResponse>('/api/completions', request, {
    signal,
    action: 'send prompts',
  });
}
