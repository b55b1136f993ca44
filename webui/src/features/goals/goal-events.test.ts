import { describe, expect, it } from 'vitest';
import {
  GOAL_CREATED,
  GOAL_EVENTS,
  GOAL_STATUS,
  RUN_STEP,
  WORKITEM_STATUS,
  applyGoalEvent,
} from './goal-events';
import type { Goal } from './goals-api';

function goal(): Goal {
  return {
    id: 'g1',
    title: 'Goal',
    description: 'd',
    status: 'running',
    result: null,
    error: null,
    workItems: [
      {
        id: 'w1',
        title: 'First',
        status: 'running',
        order: 0,
        dependsOn: [],
        runs: [
          {
            id: 'r1',
            attempt: 1,
            status: 'running',
            steps: [{ index: 0, thought: 'think', action: 'search', observation: null }],
          },
        ],
      },
      { id: 'w2', title: 'Second', status: 'pending', order: 1, dependsOn: ['w1'], runs: [] },
    ],
  } as Goal;
}

describe('applyGoalEvent: events that do not apply return the same goal', () => {
  const cases: Array<[string, string, unknown]> = [
    ['another goal', GOAL_STATUS, { goalId: 'g2', status: 'failed' }],
    ['a payload that is not an object', GOAL_STATUS, 'failed'],
    ['a null payload', GOAL_STATUS, null],
    ['an array payload', GOAL_STATUS, ['failed']],
    ['a status that is not a string', GOAL_STATUS, { goalId: 'g1', status: 3 }],
    ['an unknown work item', WORKITEM_STATUS, { goalId: 'g1', workItemId: 'w9', status: 'done' }],
    ['a work item event without status', WORKITEM_STATUS, { goalId: 'g1', workItemId: 'w1' }],
    [
      'a step of an unknown run',
      RUN_STEP,
      { goalId: 'g1', workItemId: 'w1', runId: 'r9', step: { index: 1 } },
    ],
    [
      'a step without index',
      RUN_STEP,
      { goalId: 'g1', workItemId: 'w1', runId: 'r1', step: { thought: 'x' } },
    ],
    ['a step without run id', RUN_STEP, { goalId: 'g1', workItemId: 'w1', step: { index: 1 } }],
    ['goal.created (refetch only)', GOAL_CREATED, { goalId: 'g1', status: 'pending' }],
    ['an unknown event', 'llm.stream.chunk', { goalId: 'g1', status: 'x' }],
  ];
  it.each(cases)('%s', (_name, event, data) => {
    const before = goal();
    expect(applyGoalEvent(before, event, data)).toBe(before);
  });
});

describe('applyGoalEvent', () => {
  it('goal.status sets status, result and error, keeping what the event leaves out', () => {
    const before = { ...goal(), result: 'old result' };
    const after = applyGoalEvent(before, GOAL_STATUS, {
      goalId: 'g1',
      status: 'failed',
      error: 'x',
    });
    expect(after).toMatchObject({ status: 'failed', error: 'x', result: 'old result' });
    expect(after.workItems).toBe(before.workItems);
    expect(before.status).toBe('running'); // not mutated
  });

  it('applies events without goalId (a goal channel carries only its goal)', () => {
    expect(applyGoalEvent(goal(), GOAL_STATUS, { status: 'completed' }).status).toBe('completed');
  });

  it('workitem.status changes that work item only, and its title when given', () => {
    const before = goal();
    const after = applyGoalEvent(before, WORKITEM_STATUS, {
      goalId: 'g1',
      workItemId: 'w2',
      status: 'running',
      title: 'Second, renamed',
    });
    expect(after.workItems?.[1]).toMatchObject({ status: 'running', title: 'Second, renamed' });
    expect(after.workItems?.[0]).toBe(before.workItems?.[0]);
    const untitled = applyGoalEvent(before, WORKITEM_STATUS, { workItemId: 'w1', status: 'done' });
    expect(untitled.workItems?.[0]).toMatchObject({ status: 'done', title: 'First' });
  });

  it('run.step appends a new step in index order', () => {
    let g = applyGoalEvent(goal(), RUN_STEP, {
      goalId: 'g1',
      workItemId: 'w1',
      runId: 'r1',
      step: { index: 2, thought: 'later', action: 7, actionInput: { q: 1 } },
    });
    g = applyGoalEvent(g, RUN_STEP, { workItemId: 'w1', runId: 'r1', step: { index: 1 } });
    const steps = g.workItems?.[0].runs[0].steps ?? [];
    expect(steps.map((s) => s.index)).toEqual([0, 1, 2]);
    expect(steps[2]).toEqual({
      index: 2,
      thought: 'later',
      action: null, // not a string
      actionInput: { q: 1 },
      observation: null,
    });
  });

  it('run.step merges into a step with the same index', () => {
    const g = applyGoalEvent(goal(), RUN_STEP, {
      workItemId: 'w1',
      runId: 'r1',
      step: { index: 0, thought: 'think', action: 'search', observation: 'found' },
    });
    const steps = g.workItems?.[0].runs[0].steps ?? [];
    expect(steps).toHaveLength(1);
    expect(steps[0]).toMatchObject({ index: 0, action: 'search', observation: 'found' });
  });

  it("run.step keeps the final answer and the event's timestamp (when the step was recorded)", () => {
    const g = applyGoalEvent(goal(), RUN_STEP, {
      workItemId: 'w1',
      runId: 'r1',
      step: { index: 1, thought: 'done', action: null, finalAnswer: '42' },
      timestamp: 1_767_261_605_000,
    });
    expect(g.workItems?.[0].runs[0].steps[1]).toMatchObject({
      index: 1,
      finalAnswer: '42',
      timestamp: 1_767_261_605_000,
    });
  });

  it('tolerates a goal without work items', () => {
    const bare = { ...goal(), workItems: undefined } as unknown as Goal;
    expect(applyGoalEvent(bare, WORKITEM_STATUS, { workItemId: 'w1', status: 'done' })).toBe(bare);
  });

  it('GOAL_EVENTS names the events that change a goal', () => {
    expect([...GOAL_EVENTS].sort()).toEqual(
      ['goal.created', 'goal.status', 'run.step', 'workitem.status'].sort(),
    );
    expect(GOAL_EVENTS.has('llm.stream.chunk')).toBe(false);
  });
});
