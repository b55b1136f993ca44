import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeWebSocket, installFakeWebSockets } from '../../test/fake-websocket';
import { renderRoute } from '../../test/render';

installFakeWebSockets();

/** Signed in as an admin (the default of renderRoute). */
const renderAt = (path: string) => renderRoute(path);

function jsonResponse(status: number, body: unknown, type = 'application/json') {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': type } });
}

/** Calls to /api/completions (the dashboard's other requests are answered separately). */
let fetchMock: ReturnType<typeof vi.fn<(url: string, init?: RequestInit) => Promise<Response>>>;
/** GET /api/goals?size=5 (recent goals). */
let goalsMock: ReturnType<typeof vi.fn<(url: string, init?: RequestInit) => Promise<Response>>>;
/** GET /api/metrics/costs (the cost card). */
let costsMock: ReturnType<typeof vi.fn<(url: string, init?: RequestInit) => Promise<Response>>>;

beforeEach(() => {
  fetchMock = vi.fn<(url: string, init?: RequestInit) => Promise<Response>>();
  goalsMock = vi.fn<(url: string, init?: RequestInit) => Promise<Response>>(() =>
    Promise.resolve(
      jsonResponse(404, { title: 'Not Found', status: 404 }, 'application/problem+json'),
    ),
  );
  costsMock = vi.fn<(url: string, init?: RequestInit) => Promise<Response>>(() =>
    Promise.resolve(
      jsonResponse(404, { title: 'Not Found', status: 404 }, 'application/problem+json'),
    ),
  );
  vi.stubGlobal('fetch', (url: string, init?: RequestInit) =>
    url.startsWith('/api/goals')
      ? goalsMock(url, init)
      : url.startsWith('/api/metrics')
        ? costsMock(url, init)
        : fetchMock(url, init),
  );
});

/** Waits until a socket for the path was created. */
function socketFor(path: string): Promise<FakeWebSocket> {
  return waitFor(() => {
    const ws = FakeWebSocket.find(path);
    if (!ws) throw new Error(`no socket for ${path}`);
    return ws;
  });
}

describe('Dashboard', () => {
  it('opens the goal socket first, then posts the completion, and shows live cards', async () => {
    let resolveFetch: (r: Response) => void = () => {};
    fetchMock.mockImplementation((url: string) =>
      // The cards read the console settings (stall threshold) once; defaults when missing.
      url === '/api/console/settings'
        ? Promise.resolve(jsonResponse(404, { status: 404 }))
        : new Promise<Response>((r) => (resolveFetch = r)),
    );
    renderAt('/');

    expect(screen.getByTestId('goal-id-input')).toHaveValue('demo');
    fireEvent.change(screen.getByTestId('goal-id-input'), { target: { value: 'g-42' } });
    fireEvent.change(screen.getByTestId('prompt-input'), { target: { value: 'Say hi' } });
    fireEvent.change(screen.getByTestId('model-input'), { target: { value: 'sim-small' } });
    fireEvent.click(screen.getByTestId('send-button'));

    const goalSocket = await socketFor('/ws/goals/g-42');
    expect(goalSocket.url).toBe(`ws://${location.host}/ws/goals/g-42`);
    expect(fetchMock).not.toHaveBeenCalled(); // waits for the socket

    act(() => goalSocket.open());
    await waitFor(() => expect(fetchMock).toHaveBeenCalledTimes(1));
    const [url, init] = fetchMock.mock.calls[0] as [string, RequestInit];
    expect(url).toBe('/api/completions');
    expect(init.method).toBe('POST');
    expect(JSON.parse(init.body as string)).toEqual({
      model: 'sim-small',
      messages: [{ role: 'user', content: 'Say hi' }],
      goalId: 'g-42',
      stream: true,
    });
    expect(screen.getByTestId('send-button')).toBeDisabled();

    act(() => {
      goalSocket.send({
        type: 'event',
        event: 'llm.stream.start',
        data: { requestId: 'req-1', goalId: 'g-42', model: 'sim-small', timestamp: Date.now() },
      });
      goalSocket.send({
        type: 'event',
        event: 'llm.stream.chunk',
        data: { requestId: 'req-1', chunk: 'Hi **there**', index: 0, timestamp: Date.now() },
      });
    });
    const card = await screen.findByTestId('stream-card');
    expect(card).toHaveAttribute('data-request-id', 'req-1');
    await waitFor(() => expect(screen.getByTestId('stream-content')).toHaveTextContent('Hi there'));
    expect(screen.getByTestId('stream-cursor')).toBeInTheDocument();

    act(() =>
      goalSocket.send({
        type: 'event',
        event: 'llm.stream.end',
        data: {
          requestId: 'req-1',
          totalChunks: 1,
          tokensUsed: 3,
          finishReason: 'stop',
          timestamp: Date.now(),
        },
      }),
    );
    await act(async () => {
      resolveFetch(
        jsonResponse(200, {
          requestId: 'req-1',
          content: 'Hi',
          finishReason: 'stop',
          tokensUsed: 3,
        }),
      );
    });
    await waitFor(() => expect(screen.getByTestId('send-button')).toBeEnabled());
    await waitFor(() => expect(screen.queryByTestId('stream-cursor')).toBeNull());
    expect(screen.getByTestId('status-badge')).toHaveTextContent('Completed');
    expect(screen.queryByTestId('request-error')).toBeNull();
  });

  it('shows the problem detail of a 4xx answer inline', async () => {
    fetchMock.mockResolvedValue(
      jsonResponse(
        400,
        {
          type: 'about:blank',
          title: 'Bad Request',
          status: 400,
          detail: 'unknown model: nope',
        },
        'application/problem+json',
      ),
    );
    renderAt('/');
    fireEvent.change(screen.getByTestId('prompt-input'), { target: { value: 'x' } });
    fireEvent.click(screen.getByTestId('send-button'));
    const ws = await socketFor('/ws/goals/demo');
    act(() => ws.open());
    expect(await screen.findByTestId('request-error')).toHaveTextContent('unknown model: nope');
    expect(screen.getByTestId('send-button')).toBeEnabled();
  });

  it('falls back to the problem title', async () => {
    fetchMock.mockResolvedValue(
      jsonResponse(429, { title: 'Too Many Requests', status: 429 }, 'application/problem+json'),
    );
    renderAt('/');
    fireEvent.change(screen.getByTestId('prompt-input'), { target: { value: 'x' } });
    fireEvent.click(screen.getByTestId('send-button'));
    const ws = await socketFor('/ws/goals/demo');
    act(() => ws.open());
    expect(await screen.findByTestId('request-error')).toHaveTextContent('Too Many Requests');
  });

  it('says when to try again after a quota refused the prompt', async () => {
    fetchMock.mockResolvedValue(
      new Response(
        JSON.stringify({
          title: 'Too Many Requests',
          status: 429,
          detail: "The concurrent streams quota of API key 'k1' (1) is used up; try again in 2 s.",
          limit: 'concurrent-streams',
          value: 1,
          retryAfterSeconds: 2,
        }),
        {
          status: 429,
          headers: { 'Content-Type': 'application/problem+json', 'Retry-After': '2' },
        },
      ),
    );
    renderAt('/');
    fireEvent.change(screen.getByTestId('prompt-input'), { target: { value: 'x' } });
    fireEvent.click(screen.getByTestId('send-button'));
    const ws = await socketFor('/ws/goals/demo');
    act(() => ws.open());
    expect(await screen.findByTestId('request-error')).toHaveTextContent(
      "The concurrent streams quota of API key 'k1' (1) is used up. Try again in 2 s.",
    );
  });

  it('hides recent goals when the goals API is missing, lists them when it exists', async () => {
    renderAt('/');
    await waitFor(() => expect(goalsMock).toHaveBeenCalled());
    expect(goalsMock.mock.calls[0][0]).toBe('/api/goals?page=0&size=5');
    await waitFor(() => expect(screen.queryByTestId('recent-goals')).toBeNull());
    expect(screen.getByTestId('throughput-card')).toBeInTheDocument();
    cleanup();

    goalsMock.mockImplementation(() =>
      Promise.resolve(
        jsonResponse(200, {
          items: [
            { id: 'g1', title: 'Write the report', description: 'd', status: 'running' },
            { id: 'g2', title: 'Fix the build', description: 'd', status: 'failed' },
          ],
          page: 0,
          size: 5,
          total: 2,
        }),
      ),
    );
    renderAt('/');
    const rows = await screen.findAllByTestId('goal-row');
    expect(rows.map((r) => r.getAttribute('data-goal-id'))).toEqual(['g1', 'g2']);
    expect(screen.getByText('Write the report').closest('a')).toHaveAttribute('href', '/goals/g1');
  });

  it('shows the header connection status of the live channels', async () => {
    renderAt('/streams');
    expect(screen.getByTestId('connection-status')).toHaveTextContent('reconnecting');
    const ws = await socketFor('/ws/streams');
    act(() => ws.open());
    await waitFor(() =>
      expect(screen.getByTestId('connection-status')).toHaveTextContent('connected'),
    );
  });

  it('charts the cost of the last two weeks per day and model, with the total', async () => {
    const row = (extra: object, costUsd: number) => ({
      streams: 1,
      inputTokens: 100,
      outputTokens: 20,
      cachedInputTokens: 0,
      costUsd,
      unpricedStreams: 0,
      ...extra,
    });
    costsMock.mockImplementation(() =>
      Promise.resolve(
        jsonResponse(200, {
          from: '2026-05-01',
          to: '2026-05-14',
          total: { ...row({}, 0.0035), unpricedStreams: 2 },
          byDay: [row({ day: '2026-05-02' }, 0.001), row({ day: '2026-05-14' }, 0.0025)],
          byModel: [row({ model: 'smart' }, 0.003), row({ model: 'fast' }, 0.0005)],
          byModelAndDay: [
            row({ day: '2026-05-02', model: 'fast' }, 0.0005),
            row({ day: '2026-05-14', model: 'smart' }, 0.0025),
          ],
          byGoal: [],
          byPrincipal: [],
          byKey: [],
        }),
      ),
    );
    renderAt('/');
    const card = await screen.findByTestId('cost-card');
    await waitFor(() => expect(screen.getByTestId('cost-total')).toHaveTextContent('$0.0035'));
    expect(costsMock).toHaveBeenCalledWith('/api/metrics/costs?days=14', expect.anything());
    const chart = screen.getByTestId('cost-chart');
    expect(chart).toHaveAttribute('data-bars', '14');
    const may2 = card.querySelector('[data-day="2026-05-02"]');
    // fast's share, then what the day has beyond the charted models
    expect(
      Array.from(may2?.querySelectorAll('rect') ?? []).map((r) => r.getAttribute('data-model')),
    ).toEqual(['fast', 'other models']);
    expect(screen.getByTestId('cost-legend')).toHaveTextContent('smart $0.0030');
    expect(screen.getByTestId('cost-unpriced')).toHaveTextContent(
      '2 streams of models without a price',
    );
  });
});
