import { afterEach, describe, expect, it, vi } from 'vitest';
import { headersOf, json, stubFetch } from '../test/render';
import {
  ApiError,
  deleteJson,
  errorMessage,
  forbiddenMessage,
  getJson,
  isForbidden,
  isMissingApi,
  onUnauthorized,
  isRetryLater,
  parseRetryAfter,
  postCompletion,
  postJson,
  putJson,
  setCsrfRefresher,
  setCsrfToken,
  withRetryAfter,
} from './api';

function recordInits() {
  const inits: Array<{ url: string; init?: RequestInit }> = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init?: RequestInit) => {
      inits.push({ url, init });
      return init?.method === 'GET' ? json(200, { ok: true }) : new Response(null, { status: 204 });
    }),
  );
  return inits;
}

afterEach(() => {
  setCsrfToken(null);
  setCsrfRefresher(null);
  vi.unstubAllGlobals();
});

describe('api client', () => {
  it('sends the CSRF token on unsafe methods only, always with same-origin credentials', async () => {
    const inits = recordInits();
    setCsrfToken('tok-1');
    await getJson('/api/goals');
    await postJson('/api/goals', { title: 't' });
    await putJson('/api/users/bob', { role: 'viewer' });
    await deleteJson('/api/keys/k1');
    expect(inits.map((c) => c.init?.credentials)).toEqual([
      'same-origin',
      'same-origin',
      'same-origin',
      'same-origin',
    ]);
    expect(headersOf(inits[0].init)['x-csrf-token']).toBeUndefined();
    expect(inits.slice(1).map((c) => headersOf(c.init)['x-csrf-token'])).toEqual([
      'tok-1',
      'tok-1',
      'tok-1',
    ]);
    expect(inits.map((c) => c.init?.method)).toEqual(['GET', 'POST', 'PUT', 'DELETE']);
  });

  it('sends no CSRF header before anyone signed in, and forgets a cleared token', async () => {
    const inits = recordInits();
    await postJson('/api/auth/login', { username: 'a', password: 'b' });
    setCsrfToken('tok-2');
    setCsrfToken(null);
    await postJson('/api/goals', {});
    expect(inits.map((c) => headersOf(c.init)['x-csrf-token'])).toEqual([undefined, undefined]);
  });

  it('resolves an empty 204 answer to undefined', async () => {
    stubFetch({ 'DELETE /api/keys/k1': () => new Response(null, { status: 204 }) });
    await expect(deleteJson('/api/keys/k1')).resolves.toBeUndefined();
  });

  it('reports a 401 to the single hook, unless the caller handles it', async () => {
    stubFetch({
      'GET /api/goals': () => json(401, { title: 'Unauthorized', status: 401 }),
      'POST /api/auth/login': () =>
        json(401, { status: 401, detail: 'Invalid username or password.' }),
    });
    const listener = vi.fn();
    const off = onUnauthorized(listener);
    await expect(getJson('/api/goals')).rejects.toMatchObject({ status: 401 });
    expect(listener).toHaveBeenCalledTimes(1);
    await expect(postJson('/api/auth/login', {}, { authRedirect: false })).rejects.toMatchObject({
      status: 401,
      message: 'Invalid username or password.',
    });
    expect(listener).toHaveBeenCalledTimes(1);
    off();
    await expect(getJson('/api/goals')).rejects.toBeInstanceOf(ApiError);
    expect(listener).toHaveBeenCalledTimes(1);
  });

  it('turns a 403 into a permission message', async () => {
    stubFetch({
      'POST /api/goals/g1/cancel': () =>
        json(403, { status: 403, title: 'Forbidden', detail: 'Only the owner may cancel.' }),
      'GET /api/users': () => json(403, { status: 403, title: 'Forbidden' }),
    });
    await expect(
      postJson('/api/goals/g1/cancel', undefined, { action: 'cancel this goal' }),
    ).rejects.toMatchObject({
      status: 403,
      message: 'You do not have permission to cancel this goal. Only the owner may cancel.',
    });
    await expect(getJson('/api/users')).rejects.toMatchObject({
      message: 'You do not have permission to do this.',
    });
  });

  it('retries an unsafe request once when a 403 came from a stale CSRF token', async () => {
    const sent: Array<string | undefined> = [];
    stubFetch({
      'POST /api/goals': (_url, init) => {
        const token = headersOf(init)['x-csrf-token'];
        sent.push(token);
        return token === 'fresh' ? json(201, { id: 'g1' }) : json(403, { status: 403 });
      },
    });
    setCsrfToken('stale');
    setCsrfRefresher(async () => {
      setCsrfToken('fresh');
      return 'fresh';
    });
    await expect(postJson('/api/goals', {})).resolves.toEqual({ id: 'g1' });
    expect(sent).toEqual(['stale', 'fresh']);

    // Same token after the refresh: a real 403, not retried.
    sent.length = 0;
    setCsrfRefresher(async () => 'fresh');
    stubFetch({
      'POST /api/goals': (_url, init) => {
        sent.push(headersOf(init)['x-csrf-token']);
        return json(403, { status: 403 });
      },
    });
    await expect(postJson('/api/goals', {}, { action: 'create goals' })).rejects.toMatchObject({
      message: 'You do not have permission to create goals.',
    });
    expect(sent).toEqual(['fresh']);
  });

  it('keeps Retry-After of a 429', async () => {
    stubFetch({
      'POST /api/auth/login': () =>
        new Response(JSON.stringify({ status: 429, title: 'Too Many Requests' }), {
          status: 429,
          headers: { 'Content-Type': 'application/problem+json', 'Retry-After': '42' },
        }),
    });
    await expect(postJson('/api/auth/login', {}, { authRedirect: false })).rejects.toMatchObject({
      status: 429,
      retryAfterSeconds: 42,
    });
  });
});

describe('quota and full-server answers (429, 503)', () => {
  function problem(status: number, body: Record<string, unknown>, retryAfter?: string) {
    return new Response(JSON.stringify({ status, ...body }), {
      status,
      headers: {
        'Content-Type': 'application/problem+json',
        ...(retryAfter ? { 'Retry-After': retryAfter } : {}),
      },
    });
  }

  it('says the detail once, then when to try again from Retry-After', async () => {
    stubFetch({
      'POST /api/goals': () =>
        problem(
          429,
          {
            title: 'Too Many Requests',
            detail:
              "The requests per minute quota of principal 'alice' (60) is used up; try again in 7 s.",
            limit: 'requests-per-minute',
            value: 60,
            retryAfterSeconds: 7,
          },
          '12',
        ),
    });
    const err = await postJson('/api/goals', {}).catch((e: unknown) => e);
    expect(isRetryLater(err)).toBe(true);
    expect(err).toMatchObject({
      status: 429,
      retryAfterSeconds: 12,
      message:
        "The requests per minute quota of principal 'alice' (60) is used up. Try again in 12 s.",
      problem: { limit: 'requests-per-minute', value: 60, retryAfterSeconds: 7 },
    });
  });

  it("uses the problem's retryAfterSeconds when the header is missing (503)", async () => {
    stubFetch({
      'POST /api/goals/g1/retry': () =>
        problem(503, { title: 'Service Unavailable', detail: 'The agent is full' }),
      'POST /api/completions': () =>
        problem(503, { detail: 'The server is full.', retryAfterSeconds: 4 }),
    });
    await expect(postJson('/api/goals/g1/retry')).rejects.toMatchObject({
      status: 503,
      retryAfterSeconds: undefined,
      message: 'The agent is full',
    });
    await expect(postJson('/api/completions', {})).rejects.toMatchObject({
      retryAfterSeconds: 4,
      message: 'The server is full. Try again in 4 s.',
    });
  });

  it('leaves other failures alone, even with a Retry-After', async () => {
    stubFetch({
      'GET /api/goals': () => problem(500, { detail: 'Broken; try again in 3 s.' }, '3'),
    });
    const err = await getJson('/api/goals').catch((e: unknown) => e);
    expect(isRetryLater(err)).toBe(false);
    expect(err).toMatchObject({ status: 500, message: 'Broken; try again in 3 s.' });
  });

  it('withRetryAfter replaces a trailing "try again in" and rounds up', () => {
    expect(withRetryAfter('Queue full; try again in 9 s.', 5)).toBe(
      'Queue full. Try again in 5 s.',
    );
    expect(withRetryAfter('Slow down, try again in 2 seconds', 2.2)).toBe(
      'Slow down. Try again in 3 s.',
    );
    expect(withRetryAfter('Too many goals waiting!', 0)).toBe(
      'Too many goals waiting! Try again in 1 s.',
    );
    expect(withRetryAfter('', 30)).toBe('Try again in 30 s.');
    expect(withRetryAfter('Try again in a moment', undefined)).toBe('Try again in a moment');
  });
});

describe('parseRetryAfter and forbiddenMessage', () => {
  it('reads seconds and HTTP dates', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:30 GMT', now)).toBe(30);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });

  it('does not repeat a server message that already says it', () => {
    expect(forbiddenMessage('revoke this key', 'You do not have permission to do that.')).toBe(
      'You do not have permission to revoke this key.',
    );
  });
});

describe('problem bodies and error helpers', () => {
  function answer(response: () => Response) {
    const calls: Array<{ url: string; init?: RequestInit }> = [];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (url: string, init?: RequestInit) => {
        calls.push({ url, init });
        return response();
      }),
    );
    return calls;
  }

  async function failureOf(promise: Promise<unknown>): Promise<ApiError> {
    const err = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ApiError);
    return err as ApiError;
  }

  it('keeps field errors with a message, dropping the rest', async () => {
    answer(() =>
      json(400, {
        title: 'Bad Request',
        detail: 'The goal is not valid.',
        status: 400,
        errors: [
          { field: 'title', message: 'must not be blank' },
          { field: 'budget', message: '' },
          { message: 3 },
          'not an object',
        ],
      }),
    );
    const err = await failureOf(postJson('/api/goals', { title: '' }));
    expect(err.status).toBe(400);
    expect(err.message).toBe('The goal is not valid.');
    expect(err.problem?.errors).toEqual([
      { field: 'title', message: 'must not be blank' },
      { field: '', message: '3' },
    ]);
    expect(err.problem).toMatchObject({ title: 'Bad Request', status: 400 });
  });

  it('falls back to the title, then to the HTTP status', async () => {
    answer(() => json(409, { title: 'Conflict' }));
    expect((await failureOf(getJson('/api/x'))).message).toBe('Conflict');
    answer(() => new Response('<html>oops</html>', { status: 500, statusText: 'Server Error' }));
    const err = await failureOf(getJson('/api/x'));
    expect(err.message).toBe('Request failed: HTTP 500 Server Error');
    expect(err.problem).toBeUndefined();
    answer(() => new Response(null, { status: 502 }));
    expect((await failureOf(getJson('/api/x'))).message).toBe('Request failed: HTTP 502');
  });

  it('sends a JSON body with its content type, and none without a body', async () => {
    const calls = answer(() => json(200, { id: 'c1' }));
    await postJson('/api/things', { a: 1 });
    await getJson('/api/things');
    expect(calls[0].init?.body).toBe('{"a":1}');
    expect(headersOf(calls[0].init)['content-type']).toBe('application/json');
    expect(calls[1].init?.body).toBeUndefined();
    expect(headersOf(calls[1].init)['content-type']).toBeUndefined();
  });

  it('accepts a bare AbortSignal as options', async () => {
    const calls = answer(() => json(200, {}));
    const controller = new AbortController();
    await getJson('/api/things', controller.signal);
    expect(calls[0].init?.signal).toBe(controller.signal);
  });

  it('postCompletion posts to /api/completions and names the action on a 403', async () => {
    const calls = answer(() => json(403, { detail: 'Viewers cannot.' }));
    const err = await failureOf(
      postCompletion({ messages: [{ role: 'user', content: 'hi' }], stream: true }),
    );
    expect(calls[0].url).toBe('/api/completions');
    expect(calls[0].init?.method).toBe('POST');
    expect(err.message).toBe('You do not have permission to send prompts. Viewers cannot.');
    expect(isForbidden(err)).toBe(true);
  });

  it.each([
    [404, true, false],
    [405, true, false],
    [403, false, true],
    [500, false, false],
  ])('HTTP %i: missing API %s, forbidden %s', (status, missing, forbidden) => {
    const err = new ApiError(status, 'x');
    expect(isMissingApi(err)).toBe(missing);
    expect(isForbidden(err)).toBe(forbidden);
  });

  it('the helpers say no for errors that are not API errors', () => {
    const plain = new Error('network down');
    expect(isMissingApi(plain)).toBe(false);
    expect(isForbidden(plain)).toBe(false);
    expect(isRetryLater(plain)).toBe(false);
  });

  it('errorMessage shows an API error as is and says what else failed', () => {
    expect(errorMessage(new ApiError(400, 'The goal is not valid.'))).toBe(
      'The goal is not valid.',
    );
    expect(errorMessage(new TypeError('Failed to fetch'))).toBe('Request failed: Failed to fetch');
    expect(errorMessage('offline')).toBe('Request failed: offline');
  });
});
