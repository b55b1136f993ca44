import { describe, expect, it } from 'vitest';
import type { Goal, Run, WorkItem } from './goals-api';
import {
  buildTraceTree,
  countNodes,
  latestKnownTime,
  mergeCalls,
  visibleRows,
  type TraceCall,
  type TraceNode,
} from './trace-tree';

const T0 = Date.parse('2026-01-01T10:00:00Z');
const at = (s: number) => new Date(T0 + s * 1000).toISOString();
const ms = (s: number) => T0 + s * 1000;

function call(
  requestId: string,
  start: number,
  end: number | undefined,
  overrides: Partial<TraceCall> = {},
): TraceCall {
  return {
    requestId,
    workItemId: 'w1',
    runId: 'r1',
    model: 'sim/react',
    provider: 'sim',
    status: end === undefined ? 'streaming' : 'completed',
    startedAt: ms(start),
    finishedAt: end === undefined ? undefined : ms(end),
    ...overrides,
  };
}

function run(overrides: Partial<Run> = {}): Run {
  return {
    id: 'r1',
    attempt: 1,
    status: 'succeeded',
    startedAt: at(1),
    finishedAt: at(9),
    steps: [
      {
        index: 0,
        thought: 'I should compute 6*7',
        action: 'calculator',
        actionInput: '{"expression": "6*7"}',
        observation: '42',
        timestamp: at(5),
      },
      {
        index: 1,
        thought: 'I now know the final answer.',
        action: null,
        observation: null,
        finalAnswer: '42',
        timestamp: at(8),
      },
    ],
    ...overrides,
  };
}

function item(overrides: Partial<WorkItem> = {}): WorkItem {
  return {
    id: 'w1',
    title: 'Compute 6*7',
    status: 'succeeded',
    order: 0,
    dependsOn: [],
    runs: [run()],
    ...overrides,
  };
}

function goal(overrides: Partial<Goal> = {}): Goal {
  return {
    id: 'g1',
    title: 'Compute 6*7',
    description: 'd',
    status: 'succeeded',
    createdAt: at(-1),
    startedAt: at(0),
    finishedAt: at(10),
    workItems: [item()],
    ...overrides,
  };
}

const PLAN = call('plan', 0, 0.8, { workItemId: undefined, runId: undefined });
const CALLS = [PLAN, call('c2', 6, 7.5), call('c1', 1.2, 3)];

function find(node: TraceNode, id: string): TraceNode {
  if (node.id === id) return node;
  for (const c of node.children) {
    try {
      return find(c, id);
    } catch {
      /* not under this child */
    }
  }
  throw new Error(`no node ${id}`);
}

function shape(node: TraceNode): unknown {
  return node.children.length > 0 ? { [node.id]: node.children.map(shape) } : node.id;
}

describe('buildTraceTree', () => {
  it('nests goal → plan + work items → runs → steps → LLM and tool calls', () => {
    const tree = buildTraceTree(goal(), CALLS, ms(100));
    expect(shape(tree)).toEqual({
      'goal:g1': [
        'llm:plan',
        {
          'workitem:w1': [
            {
              'run:r1': [{ 'step:r1:0': ['llm:c1', 'tool:r1:0'] }, { 'step:r1:1': ['llm:c2'] }],
            },
          ],
        },
      ],
    });
    expect(countNodes(tree)).toBe(9);
  });

  it('puts the planning call (no work item) directly under the goal, labelled as the plan', () => {
    const tree = buildTraceTree(goal(), CALLS, ms(100));
    const plan = tree.children[0];
    expect(plan).toMatchObject({
      kind: 'llm',
      requestId: 'plan',
      start: ms(0),
      end: ms(0.8),
      status: 'completed',
      open: false,
    });
    expect(plan.label).toBe('Plan · sim/react');
    expect(plan.detail).toBe('via sim');
  });

  it('pairs the i-th LLM call of a run (by start, whatever the input order) with step i', () => {
    const tree = buildTraceTree(goal(), CALLS, ms(100));
    const step0 = find(tree, 'step:r1:0');
    const step1 = find(tree, 'step:r1:1');
    expect(step0.children[0].requestId).toBe('c1');
    expect(step1.children[0].requestId).toBe('c2');
    expect(step0.label).toBe('Step 1 · action calculator');
    expect(step0.detail).toBe('I should compute 6*7');
    expect(step1.label).toBe('Step 2 · final answer');
    // A step runs from its LLM call's start to when it was recorded.
    expect(step0).toMatchObject({ start: ms(1.2), end: ms(5), status: 'succeeded' });
    expect(step1).toMatchObject({ start: ms(6), end: ms(8) });
  });

  it("spans a step's tool call from the end of its LLM call to the step's timestamp", () => {
    const tool = find(buildTraceTree(goal(), CALLS, ms(100)), 'tool:r1:0');
    expect(tool).toMatchObject({
      kind: 'tool',
      label: 'Tool calculator',
      start: ms(3),
      end: ms(5),
      status: 'succeeded',
      open: false,
    });
    expect(tool.detail).toBe('({"expression": "6*7"}) → 42');
  });

  it('marks a tool call whose observation is an error as failed, its step too', () => {
    const failing = run({
      steps: [
        {
          index: 0,
          action: 'calculator',
          actionInput: { expression: '1/0' },
          observation: 'Error: division by zero',
          timestamp: at(5),
        },
      ],
    });
    const tree = buildTraceTree(goal({ workItems: [item({ runs: [failing] })] }), CALLS, ms(100));
    expect(find(tree, 'tool:r1:0').status).toBe('failed');
    expect(find(tree, 'tool:r1:0').detail).toBe('({"expression":"1/0"}) → Error: division by zero');
    expect(find(tree, 'step:r1:0').status).toBe('failed');
  });

  it('orders work items by order and runs by attempt; the work item spans its runs', () => {
    const items = [
      item({ id: 'w2', title: 'Second', order: 1, status: 'pending', runs: [] }),
      item({
        runs: [
          run({ id: 'r2', attempt: 2, startedAt: at(4), finishedAt: at(9), steps: [] }),
          run({
            id: 'r1',
            attempt: 1,
            status: 'failed',
            startedAt: at(1),
            finishedAt: at(3),
            steps: [],
          }),
        ],
      }),
    ];
    const tree = buildTraceTree(goal({ workItems: items }), [], ms(100));
    expect(tree.children.map((c) => c.id)).toEqual(['workitem:w1', 'workitem:w2']);
    const w1 = tree.children[0];
    expect(w1.children.map((c) => c.label)).toEqual(['Run #1', 'Run #2']);
    expect(w1).toMatchObject({ label: '1. Compute 6*7', start: ms(1), end: ms(9) });
    // A pending work item has not started: no times, no bar.
    expect(tree.children[1]).toMatchObject({
      label: '2. Second',
      status: 'pending',
      start: undefined,
      end: undefined,
      open: false,
    });
  });

  it('shows a run without steps (and without calls) from its start to its end', () => {
    const tree = buildTraceTree(
      goal({ workItems: [item({ runs: [run({ steps: [] })] })] }),
      [],
      ms(100),
    );
    expect(find(tree, 'run:r1')).toMatchObject({
      start: ms(1),
      end: ms(9),
      open: false,
      children: [],
    });
  });

  it('keeps the LLM call of a failed run that never recorded its step, as a failed step', () => {
    const failed = run({
      status: 'failed',
      error: 'provider error: 500',
      finishedAt: at(7),
      steps: [run().steps[0]],
    });
    const calls = [call('c1', 1.2, 3), call('c2', 6, 6.5, { status: 'error' })];
    const tree = buildTraceTree(
      goal({ status: 'failed', workItems: [item({ status: 'failed', runs: [failed] })] }),
      calls,
      ms(100),
    );
    const r = find(tree, 'run:r1');
    expect(r).toMatchObject({ status: 'failed', detail: 'provider error: 500', end: ms(7) });
    const pending = find(tree, 'step:r1:1');
    expect(pending).toMatchObject({
      label: 'Step 2 · thinking',
      status: 'failed',
      open: false,
      start: ms(6),
      end: ms(6.5),
    });
    expect(pending.children[0]).toMatchObject({ requestId: 'c2', status: 'error' });
  });

  it('ends open rows at now while the goal runs: a streaming call is a step in progress', () => {
    const running = run({ status: 'running', finishedAt: null, steps: [run().steps[0]] });
    const g = goal({
      status: 'running',
      finishedAt: null,
      workItems: [item({ status: 'running', runs: [running] })],
    });
    const calls = [PLAN, call('c1', 1.2, 3), call('c2', 6, undefined)];
    const tree = buildTraceTree(g, calls, ms(7));
    expect(tree).toMatchObject({ open: true, start: ms(0), end: ms(7) });
    expect(find(tree, 'workitem:w1')).toMatchObject({ open: true, end: ms(7) });
    expect(find(tree, 'run:r1')).toMatchObject({ open: true, start: ms(1), end: ms(7) });
    expect(find(tree, 'step:r1:1')).toMatchObject({
      label: 'Step 2 · thinking',
      status: 'running',
      open: true,
      start: ms(6),
      end: ms(7),
    });
    expect(find(tree, 'llm:c2')).toMatchObject({ status: 'streaming', open: true, end: ms(7) });
    // Closed rows keep their own times.
    expect(find(tree, 'step:r1:0')).toMatchObject({ open: false, end: ms(5) });
    // Later, the same tree grows.
    expect(buildTraceTree(g, calls, ms(9)).end).toBe(ms(9));
  });

  it("never ends open rows before the latest time the server reported (a browser clock behind the server's)", () => {
    const running = run({ status: 'running', finishedAt: null, steps: [run().steps[0]] });
    const g = goal({
      status: 'running',
      finishedAt: null,
      workItems: [item({ status: 'running', runs: [running] })],
    });
    const calls = [call('c1', 1.2, 3), call('c2', 6, undefined)];
    expect(latestKnownTime(g, calls)).toBe(ms(6));
    const tree = buildTraceTree(g, calls, ms(2));
    expect(tree.end).toBe(ms(6));
    expect(find(tree, 'run:r1').end).toBe(ms(6));
    expect(find(tree, 'llm:c2')).toMatchObject({ start: ms(6), end: ms(6), open: true });
  });

  it('puts calls of a run the goal does not list yet under their work item, and of an unknown work item under the goal', () => {
    const g = goal({
      status: 'running',
      workItems: [item({ status: 'running', runs: [] })],
    });
    const calls = [call('c1', 1, 2, { runId: 'r9' }), call('c2', 2, 3, { workItemId: 'w9' })];
    const tree = buildTraceTree(g, calls, ms(5));
    expect(tree.children.map((c) => c.id)).toEqual(['llm:c2', 'workitem:w1']);
    expect(tree.children[0].label).toBe('sim/react');
    expect(tree.children[1].children.map((c) => c.id)).toEqual(['llm:c1']);
  });

  it('ends a finished call without finishedAt after its duration', () => {
    const tree = buildTraceTree(
      goal(),
      [call('c1', 1, undefined, { status: 'interrupted', durationMs: 1500 })],
      ms(100),
    );
    expect(find(tree, 'llm:c1')).toMatchObject({ end: ms(2.5), open: false });
  });

  it('a queued goal with nothing yet is one open row from its creation', () => {
    const tree = buildTraceTree(
      goal({ status: 'queued', startedAt: null, finishedAt: null, workItems: [] }),
      [],
      ms(3),
    );
    expect(tree).toMatchObject({ open: true, start: ms(-1), end: ms(3), children: [] });
  });
});

describe('mergeCalls', () => {
  it('keeps one call per request id, the live view winning unless only the record finished', () => {
    const records = [call('a', 0, 1), call('b', 1, 2), call('c', 2, 3)];
    const live = [
      call('a', 0, undefined), // stale live view: the record already finished
      call('b', 1, 2.5, { model: 'live' }),
      call('d', 4, undefined),
    ];
    const merged = mergeCalls(records, live);
    expect(merged.map((c) => c.requestId).sort()).toEqual(['a', 'b', 'c', 'd']);
    expect(merged.find((c) => c.requestId === 'a')?.status).toBe('completed');
    expect(merged.find((c) => c.requestId === 'b')?.model).toBe('live');
  });
});

describe('visibleRows', () => {
  it('lists rows depth first with level, parent, position and set size; folds collapsed nodes', () => {
    const tree = buildTraceTree(goal(), CALLS, ms(100));
    const rows = visibleRows(tree, new Set());
    expect(rows).toHaveLength(9);
    expect(rows.map((r) => [r.node.kind, r.level])).toEqual([
      ['goal', 1],
      ['llm', 2],
      ['workitem', 2],
      ['run', 3],
      ['step', 4],
      ['llm', 5],
      ['tool', 5],
      ['step', 4],
      ['llm', 5],
    ]);
    expect(rows[2]).toMatchObject({ parentId: 'goal:g1', posInSet: 2, setSize: 2 });
    const folded = visibleRows(tree, new Set(['run:r1']));
    expect(folded.map((r) => r.node.id)).toEqual(['goal:g1', 'llm:plan', 'workitem:w1', 'run:r1']);
  });
});
