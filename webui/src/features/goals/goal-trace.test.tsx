import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { installFakeWebSockets } from '../../test/fake-websocket';
import { json, renderRoute, socketFor, stubFetch } from '../../test/render';
import type { StreamRecord } from '../streams/stream-records';
import type { Goal } from './goals-api';

installFakeWebSockets();

const T0 = Date.now() - 20_000;
const at = (s: number) => new Date(T0 + s * 1000).toISOString();

const XSS = '<img src=x onerror="window.__pwned=1">';

function goal(): Goal {
  return {
    id: 'g1',
    title: 'Compute 6*7',
    description: 'd',
    status: 'running',
    createdAt: at(0),
    startedAt: at(0),
    finishedAt: null,
    workItems: [
      {
        id: 'w1',
        title: 'Compute 6*7',
        status: 'running',
        order: 0,
        dependsOn: [],
        runs: [
          {
            id: 'r1',
            attempt: 1,
            status: 'running',
            startedAt: at(1),
            finishedAt: null,
            steps: [
              {
                index: 0,
                thought: `I should compute ${XSS}`,
                action: 'calculator',
                actionInput: { expression: '6*7' },
                observation: '42',
                timestamp: at(5),
              },
            ],
          },
        ],
      },
    ],
  };
}

function record(requestId: string, start: number, end: number, extra: Partial<StreamRecord> = {}) {
  return {
    requestId,
    goalId: 'g1',
    workItemId: 'w1',
    runId: 'r1',
    model: 'sim/react',
    provider: 'sim',
    status: 'completed',
    startedAt: at(start),
    finishedAt: at(end),
    durationMs: (end - start) * 1000,
    content: 'Thought: …',
    ...extra,
  } as StreamRecord;
}

const RECORDS = [
  record('plan-1', 0.1, 0.9, { workItemId: null, runId: null }),
  record('call-1', 1.2, 3),
];

function stub() {
  return stubFetch({
    'GET /api/goals/g1': () => json(200, goal()),
    'GET /api/streams?': () => json(200, { items: RECORDS, page: 0, size: 200, total: 2 }),
    'GET /api/streams/call-1': () => json(200, record('call-1', 1.2, 3)),
  });
}

function rows() {
  return screen.getAllByTestId('trace-row');
}

function kinds() {
  return rows().map((r) => r.getAttribute('data-kind'));
}

describe('Goal trace', () => {
  it("shows the goal's run as an ARIA tree with a duration label on every bar", async () => {
    const calls = stub();
    renderRoute('/goals/g1');
    const trace = await screen.findByTestId('goal-trace');
    await waitFor(() => expect(kinds()).toContain('llm'));
    expect(
      calls.some((c) => c.url.startsWith('/api/streams?') && c.url.includes('goalId=g1')),
    ).toBe(true);
    expect(kinds()).toEqual(['goal', 'llm', 'workitem', 'run', 'step', 'llm', 'tool']);
    const tree = within(trace).getByRole('tree');
    expect(within(tree).getAllByRole('treeitem')).toHaveLength(7);
    const [root, plan, , run, step, , tool] = rows();
    expect(root).toHaveAttribute('aria-level', '1');
    expect(root).toHaveAttribute('aria-expanded', 'true');
    expect(step).toHaveAttribute('aria-level', '4');
    expect(tool).not.toHaveAttribute('aria-expanded');
    expect(plan).toHaveTextContent('Plan · sim/react');
    expect(within(plan).getByTestId('trace-duration')).toHaveTextContent('800 ms');
    expect(within(tool).getByTestId('trace-duration')).toHaveTextContent('2.00 s');
    expect(tool).toHaveTextContent('Tool calculator');
    expect(tool).toHaveTextContent('({"expression":"6*7"}) → 42');
    // Running rows say so in words, and their duration is "so far".
    expect(run).toHaveTextContent('Running');
    expect(within(run).getByTestId('trace-duration')).toHaveTextContent(/so far$/);
    // Untrusted text stays text.
    expect(step).toHaveTextContent(`I should compute ${XSS}`);
    expect(trace.querySelector('img')).toBeNull();
    expect(screen.getAllByTestId('trace-tick')[0]).toHaveTextContent('0 s');
  });

  it('grows live: a new LLM call of the run appears as a step in progress', async () => {
    stub();
    renderRoute('/goals/g1');
    await screen.findByTestId('goal-trace');
    await waitFor(() => expect(rows()).toHaveLength(7));
    const ws = await socketFor('/ws/goals/g1');
    act(() => {
      ws.open();
      ws.send({
        type: 'event',
        event: 'llm.stream.start',
        epoch: 'E',
        seq: 1,
        data: {
          goalId: 'g1',
          workItemId: 'w1',
          runId: 'r1',
          requestId: 'call-2',
          model: 'sim/react',
          timestamp: Date.now(),
        },
      });
    });
    await waitFor(() => expect(rows()).toHaveLength(9));
    const pending = rows()[7];
    expect(pending).toHaveAttribute('data-kind', 'step');
    expect(pending).toHaveTextContent('Step 2 · thinking');
    expect(rows()[8]).toHaveAttribute('data-kind', 'llm');
    expect(within(rows()[8]).getByTestId('trace-llm-call')).toHaveAttribute(
      'data-request-id',
      'call-2',
    );
  });

  it('is keyboard navigable: arrows move and fold, Enter opens an LLM call', async () => {
    stub();
    renderRoute('/goals/g1');
    await screen.findByTestId('goal-trace');
    await waitFor(() => expect(rows()).toHaveLength(7));
    const first = rows()[0];
    expect(first).toHaveAttribute('tabindex', '0');
    expect(rows()[1]).toHaveAttribute('tabindex', '-1');
    act(() => first.focus());
    fireEvent.keyDown(first, { key: 'ArrowDown' });
    expect(document.activeElement).toBe(rows()[1]);
    fireEvent.keyDown(document.activeElement as Element, { key: 'ArrowDown' });
    const item = rows()[2];
    expect(document.activeElement).toBe(item);
    fireEvent.keyDown(item, { key: 'ArrowLeft' });
    expect(item).toHaveAttribute('aria-expanded', 'false');
    expect(kinds()).toEqual(['goal', 'llm', 'workitem']);
    fireEvent.keyDown(item, { key: 'ArrowRight' });
    expect(rows()).toHaveLength(7);
    fireEvent.keyDown(item, { key: 'End' });
    expect(document.activeElement).toBe(rows()[6]);
    fireEvent.keyDown(rows()[6], { key: 'ArrowUp' });
    const llm = rows()[5];
    expect(document.activeElement).toBe(llm);
    fireEvent.keyDown(llm, { key: 'Enter' });
    const drawer = await screen.findByTestId('stream-drawer');
    await waitFor(() => expect(within(drawer).getByTestId('stream-detail')).toBeInTheDocument());
    expect(within(drawer).getByTestId('stream-detail-metrics')).toHaveTextContent('call-1');
  });

  it("opens an LLM call's stream from its row's button", async () => {
    stub();
    renderRoute('/goals/g1');
    await screen.findByTestId('goal-trace');
    const button = await waitFor(() => {
      const found = screen
        .getAllByTestId('trace-llm-call')
        .find((b) => b.getAttribute('data-request-id') === 'call-1');
      if (!found) throw new Error('no call-1');
      return found;
    });
    expect(button).toHaveAccessibleName('Open stream call-1');
    fireEvent.click(button);
    const drawer = await screen.findByTestId('stream-drawer');
    await waitFor(() => expect(within(drawer).getByTestId('stream-detail')).toBeInTheDocument());
  });
});
