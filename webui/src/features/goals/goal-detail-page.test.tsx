import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { installFakeWebSockets } from '../../test/fake-websocket';
import { json, renderRoute, socketFor, stubFetch } from '../../test/render';
import { resetChannels } from '../streams/channels';
import type { Goal } from './goals-api';

installFakeWebSockets();

afterEach(() => {
  vi.useRealTimers();
});

function goal(overrides: Partial<Goal> = {}): Goal {
  return {
    id: 'g1',
    title: 'Summarise the notes',
    description: 'Read and summarise.',
    successCriteria: 'Three bullets',
    model: null,
    tier: 'simple',
    status: 'running',
    result: null,
    error: null,
    budget: { maxTokens: 5000, maxSteps: 8, maxDurationSeconds: null },
    tokensUsed: 120,
    createdAt: '2026-01-01T10:00:00Z',
    startedAt: '2026-01-01T10:00:01Z',
    finishedAt: null,
    workItems: [
      {
        id: 'w1',
        title: 'Read notes',
        status: 'running',
        order: 0,
        dependsOn: [],
        runs: [
          {
            id: 'r1',
            attempt: 1,
            status: 'running',
            tokensUsed: 120,
            startedAt: null,
            finishedAt: null,
            error: null,
            steps: [
              {
                index: 0,
                thought: 'I should read the notes',
                action: 'read_file',
                actionInput: { path: 'notes.md' },
                observation: '# Notes',
                timestamp: null,
              },
            ],
          },
        ],
      },
      {
        id: 'w2',
        title: 'Write summary',
        status: 'pending',
        order: 1,
        dependsOn: ['w1'],
        runs: [],
      },
    ],
    ...overrides,
  };
}

function event(seq: number, name: string, data: Record<string, unknown>) {
  return { type: 'event', event: name, epoch: 'E', seq, data: { goalId: 'g1', ...data } };
}

describe('Goal detail page', () => {
  it('shows status, budget, work items with runs and steps, and the goal live streams', async () => {
    stubFetch({ 'GET /api/goals/g1': () => json(200, goal()) });
    renderRoute('/goals/g1');
    expect(await screen.findByTestId('goal-title')).toHaveTextContent('Summarise the notes');
    expect(screen.getByTestId('goal-status')).toHaveAttribute('data-status', 'running');
    expect(screen.getByText(/5,000 tokens · 8 steps/)).toBeInTheDocument();
    const items = screen.getAllByTestId('work-item');
    expect(items.map((i) => i.getAttribute('data-work-item-id'))).toEqual(['w1', 'w2']);
    const step = within(items[0]).getByTestId('run-step');
    expect(step).toHaveTextContent('I should read the notes');
    expect(step).toHaveTextContent('read_file({"path":"notes.md"})');
    expect(step).toHaveTextContent('# Notes');
    expect(items[1]).toHaveTextContent('depends on Read notes');

    const ws = await socketFor('/ws/goals/g1');
    act(() => {
      ws.open();
      ws.send(
        event(1, 'llm.stream.start', { requestId: 'q1', model: 'sim/x', timestamp: Date.now() }),
      );
      ws.send(event(2, 'llm.stream.chunk', { requestId: 'q1', chunk: 'Hel', index: 0 }));
    });
    const card = await screen.findByTestId('stream-card');
    expect(card).toHaveAttribute('data-request-id', 'q1');
    await waitFor(() =>
      expect(within(card).getByTestId('stream-content')).toHaveTextContent('Hel'),
    );
    expect(within(card).getByTestId('stream-stop')).toBeInTheDocument();
  });

  it('shows what the goal cost so far, and reads it again when its tokens change', async () => {
    let tokens = 120;
    const calls = stubFetch({
      'GET /api/goals/g1': () => json(200, goal({ tokensUsed: tokens })),
      'GET /api/metrics/goals/g1/cost': () =>
        json(200, {
          goalId: 'g1',
          streams: tokens === 120 ? 2 : 3,
          inputTokens: 100,
          outputTokens: tokens - 100,
          cachedInputTokens: 40,
          costUsd: tokens === 120 ? 0.0012 : 0.002,
          unpricedStreams: 0,
        }),
    });
    renderRoute('/goals/g1');
    await waitFor(() => expect(screen.getByTestId('goal-cost')).toHaveTextContent('$0.0012'));
    expect(screen.getByText(/2 streams · 40 cached/)).toBeInTheDocument();

    tokens = 300;
    const ws = await socketFor('/ws/goals/g1');
    act(() => {
      ws.open();
      ws.send(event(1, 'goal.status', { status: 'running' }));
    });
    await waitFor(() => expect(screen.getByTestId('goal-cost')).toHaveTextContent('$0.0020'));
    expect(calls.filter((c) => c.url === '/api/metrics/goals/g1/cost')).toHaveLength(2);
  });

  it('applies goal.status, workitem.status and run.step at once, then refetches', async () => {
    let served = goal();
    const calls = stubFetch({ 'GET /api/goals/g1': () => json(200, served) });
    renderRoute('/goals/g1');
    await screen.findByTestId('goal-title');
    const ws = await socketFor('/ws/goals/g1');
    act(() => ws.open());

    act(() => {
      ws.send(
        event(1, 'run.step', {
          workItemId: 'w1',
          runId: 'r1',
          step: { index: 1, thought: 'Now summarise', action: 'finish', observation: null },
        }),
      );
      ws.send(event(2, 'workitem.status', { workItemId: 'w1', status: 'succeeded' }));
      ws.send(event(2, 'workitem.status', { workItemId: 'w1', status: 'failed' })); // duplicate seq
      ws.send(event(3, 'goal.status', { status: 'succeeded', result: 'All **done**' }));
    });
    expect(screen.getAllByTestId('run-step')).toHaveLength(2);
    expect(screen.getAllByTestId('run-step')[1]).toHaveTextContent('Now summarise');
    expect(screen.getAllByTestId('work-item')[0]).toHaveAttribute('data-status', 'succeeded');
    expect(screen.getByTestId('goal-status')).toHaveAttribute('data-status', 'succeeded');
    expect(screen.getByTestId('goal-result')).toHaveTextContent('All done');
    expect(screen.getByTestId('goal-cancel')).toBeDisabled();

    // Events are followed by one refetch of the whole goal.
    served = goal({ status: 'succeeded', result: 'Server result', tokensUsed: 999 });
    await waitFor(() => expect(screen.getByTestId('goal-tokens')).toHaveTextContent('999'), {
      timeout: 2_000,
    });
    expect(calls.filter((c) => c.url === '/api/goals/g1')).toHaveLength(2);
    expect(screen.getByTestId('goal-result')).toHaveTextContent('Server result');
  });

  it('cancels the goal', async () => {
    const calls = stubFetch({
      'GET /api/goals/g1': () => json(200, goal()),
      'POST /api/goals/g1/cancel': () => json(202, goal({ status: 'cancelled' })),
    });
    renderRoute('/goals/g1');
    fireEvent.click(await screen.findByTestId('goal-cancel'));
    await waitFor(() =>
      expect(screen.getByTestId('goal-status')).toHaveAttribute('data-status', 'cancelled'),
    );
    expect(calls.some((c) => c.method === 'POST' && c.url === '/api/goals/g1/cancel')).toBe(true);
    expect(screen.getByTestId('goal-cancel')).toBeDisabled();
  });

  it('shows the 409 problem detail of a late cancel', async () => {
    stubFetch({
      'GET /api/goals/g1': () => json(200, goal()),
      'POST /api/goals/g1/cancel': () =>
        json(409, { title: 'Conflict', status: 409, detail: 'goal g1 already finished' }),
    });
    renderRoute('/goals/g1');
    fireEvent.click(await screen.findByTestId('goal-cancel'));
    expect(await screen.findByTestId('goal-cancel-error')).toHaveTextContent(
      'goal g1 already finished',
    );
  });

  it('retries a failed goal: busy while it posts, then the goal queued again and refetched', async () => {
    const failed = goal({
      status: 'failed',
      error: 'interrupted: the server stopped while it was running',
      finishedAt: '2026-01-01T10:05:00Z',
    });
    let served = failed;
    let answer: (r: Response) => void = () => {};
    const calls = stubFetch({
      'GET /api/goals/g1': () => json(200, served),
      'POST /api/goals/g1/retry': () =>
        new Promise<Response>((resolve) => {
          answer = resolve;
        }),
    });
    renderRoute('/goals/g1');
    const button = await screen.findByTestId('goal-retry');
    expect(screen.getByTestId('goal-error')).toHaveTextContent('interrupted');
    expect(button).toBeEnabled();
    expect(button).toHaveTextContent('Retry');
    fireEvent.click(button);
    await waitFor(() => expect(screen.getByTestId('goal-retry')).toBeDisabled());
    expect(screen.getByTestId('goal-retry')).toHaveTextContent('Retrying…');
    expect(calls.filter((c) => c.method === 'POST').map((c) => c.url)).toEqual([
      '/api/goals/g1/retry',
    ]);

    const queued = goal({ status: 'queued', error: null, finishedAt: null });
    served = { ...queued, tokensUsed: 121 };
    await act(async () => answer(json(202, queued)));
    await waitFor(() =>
      expect(screen.getByTestId('goal-status')).toHaveAttribute('data-status', 'queued'),
    );
    // Refreshed over REST after the retry.
    await waitFor(() => expect(screen.getByTestId('goal-tokens')).toHaveTextContent('121'));
    expect(calls.filter((c) => c.method === 'GET' && c.url === '/api/goals/g1')).toHaveLength(2);
    expect(screen.queryByTestId('goal-retry')).toBeNull();
    expect(screen.queryByTestId('goal-retry-error')).toBeNull();
  });

  it('shows why a retry was refused (409) and keeps the goal failed', async () => {
    stubFetch({
      'GET /api/goals/g1': () => json(200, goal({ status: 'failed' })),
      'POST /api/goals/g1/retry': () =>
        json(409, {
          title: 'Conflict',
          status: 409,
          detail: "Goal 'g1' is running; only a failed (or interrupted) goal can be retried.",
        }),
    });
    renderRoute('/goals/g1');
    fireEvent.click(await screen.findByTestId('goal-retry'));
    expect(await screen.findByTestId('goal-retry-error')).toHaveTextContent(
      'only a failed (or interrupted) goal can be retried',
    );
    expect(screen.getByTestId('goal-status')).toHaveAttribute('data-status', 'failed');
    await waitFor(() => expect(screen.getByTestId('goal-retry')).toBeEnabled());
  });

  it('says when to try again when the queue is full (503), holding the button meanwhile', async () => {
    let posts = 0;
    stubFetch({
      'GET /api/goals/g1': () => json(200, goal({ status: 'failed' })),
      'POST /api/goals/g1/retry': () => {
        posts++;
        return new Response(
          JSON.stringify({
            title: 'Service Unavailable',
            status: 503,
            detail: 'The agent already has 1000 goals waiting; try again in 30 s.',
          }),
          {
            status: 503,
            headers: { 'Content-Type': 'application/problem+json', 'Retry-After': '30' },
          },
        );
      },
    });
    renderRoute('/goals/g1');
    fireEvent.click(await screen.findByTestId('goal-retry'));
    expect(await screen.findByTestId('goal-retry-error')).toHaveTextContent(
      'The agent already has 1000 goals waiting. Try again in 30 s.',
    );
    await waitFor(() => expect(screen.getByTestId('goal-retry')).toBeDisabled());
    fireEvent.click(screen.getByTestId('goal-retry'));
    expect(posts).toBe(1);
  });

  it('offers no retry for goals that are not failed, and none when the budget is spent', async () => {
    stubFetch({
      'GET /api/goals/g1': () => json(200, goal({ status: 'succeeded' })),
      'GET /api/goals/g2': () =>
        json(
          200,
          goal({
            id: 'g2',
            status: 'failed',
            tokensUsed: 5_000,
            budget: { maxTokens: 5_000, maxSteps: null, maxDurationSeconds: null },
          }),
        ),
    });
    renderRoute('/goals/g1');
    await screen.findByTestId('goal-title');
    expect(screen.queryByTestId('goal-retry')).toBeNull();
    cleanup();
    resetChannels();
    renderRoute('/goals/g2');
    expect(await screen.findByTestId('goal-retry')).toBeDisabled();
    expect(screen.getByTestId('goal-retry-blocked')).toHaveTextContent(
      'Its token budget is spent (5,000 of 5,000 tokens)',
    );
  });

  it('keeps showing live streams for a goal id without a record', async () => {
    stubFetch({});
    renderRoute('/goals/demo');
    expect(await screen.findByTestId('goal-load-error')).toHaveTextContent(
      'no goal record for “demo”',
    );
    await socketFor('/ws/goals/demo');
  });
});
