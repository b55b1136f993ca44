/** HTTP API client (same origin; the dev server proxies /api). */

/** RFC 9457 problem details. */
export interface ProblemDetails {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  instance?: string;
  /** Validation errors (`errors:[{field,message}]`). */
  errors?: FieldError[];
}

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

  constructor(status: number, message: string, problem?: ProblemDetails) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem;
  }
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
    return {
      errors,
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

async function failure(response: Response): Promise<ApiError> {
  const problem = await readProblem(response);
  const message =
    problem?.detail ||
    problem?.title ||
    `Request failed: HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
  return new ApiError(response.status, message, problem);
}

export async function postJson<T>(url: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal,
  });
  if (!response.ok) throw await failure(response);
  return (await response.json()) as T;
}

export async function getJson<T>(url: string, signal?: AbortSignal): Promise<T> {
  const response = await fetch(url, { headers: { Accept: 'application/json' }, signal });
  if (!response.ok) throw await failure(response);
  return (await response.json()) as T;
}

/** True when the error means "this API does not exist on this server (yet)". */
export function isMissingApi(err: unknown): boolean {
  return err instanceof ApiError && (err.status === 404 || err.status === 405);
}

export function postCompletion(
  request: CompletionRequest,
  signal?: AbortSignal,
): Promise<CompletionResponse> {
  return postJson<CompletionResponse>('/api/completions', request, signal);
}
