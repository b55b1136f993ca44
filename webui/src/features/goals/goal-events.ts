/**
 * Applies a goal channel's live events (`goal.status`, `workitem.status`, `run.step`) to the
 * goal fetched over REST, so the page updates at once; the page refetches afterwards anyway
 * (events carry only part of the state, e.g. a new run's id and attempt).
 */
import type { Goal, Run, Step, WorkItem } from './goals-api';

export const GOAL_STATUS = 'goal.status';
export const GOAL_CREATED = 'goal.created';
export const WORKITEM_STATUS = 'workitem.status';
export const RUN_STEP = 'run.step';

/** Event names that change a goal's REST representation. */
export const GOAL_EVENTS: ReadonlySet<string> = new Set([
  GOAL_CREATED,
  GOAL_STATUS,
  WORKITEM_STATUS,
  RUN_STEP,
]);

type Data = Record<string, unknown>;

function isData(value: unknown): value is Data {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function withWorkItem(goal: Goal, id: string, update: (w: WorkItem) => WorkItem): Goal {
  const items = goal.workItems ?? [];
  const current = items.find((w) => w.id === id);
  if (!current) return goal;
  const updated = update(current);
  if (updated === current) return goal; // e.g. a step of a run the page does not know yet
  return { ...goal, workItems: items.map((w) => (w === current ? updated : w)) };
}

function toStep(value: unknown, timestamp: unknown): Step | undefined {
  if (!isData(value) || typeof value.index !== 'number') return undefined;
  const step: Step = {
    index: value.index,
    thought: str(value.thought) ?? null,
    action: str(value.action) ?? null,
    actionInput: value.actionInput,
    observation: str(value.observation) ?? null,
  };
  if (str(value.finalAnswer)) step.finalAnswer = str(value.finalAnswer);
  // The event's timestamp (epoch ms) is when the step was recorded.
  if (typeof timestamp === 'number' || typeof timestamp === 'string') step.timestamp = timestamp;
  return step;
}

function withStep(run: Run, step: Step): Run {
  const steps = run.steps ?? [];
  if (steps.some((s) => s.index === step.index)) {
    return { ...run, steps: steps.map((s) => (s.index === step.index ? { ...s, ...step } : s)) };
  }
  return { ...run, steps: [...steps, step].sort((a, b) => a.index - b.index) };
}

/**
 * Returns the goal with the event applied (the same object when it does not apply, e.g. an
 * event of another goal or of a work item / run the page does not know yet).
 */
export function applyGoalEvent(goal: Goal, event: string, data: unknown): Goal {
  if (!isData(data) || (data.goalId !== undefined && data.goalId !== goal.id)) return goal;
  switch (event) {
    case GOAL_STATUS: {
      const status = str(data.status);
      if (!status) return goal;
      return {
        ...goal,
        status,
        result: str(data.result) ?? goal.result,
        error: str(data.error) ?? goal.error,
      };
    }
    case WORKITEM_STATUS: {
      const id = str(data.workItemId);
      const status = str(data.status);
      if (!id || !status) return goal;
      return withWorkItem(goal, id, (w) => ({ ...w, status, title: str(data.title) ?? w.title }));
    }
    case RUN_STEP: {
      const workItemId = str(data.workItemId);
      const runId = str(data.runId);
      const step = toStep(data.step, data.timestamp);
      if (!workItemId || !runId || !step) return goal;
      return withWorkItem(goal, workItemId, (w) =>
        (w.runs ?? []).some((r) => r.id === runId)
          ? { ...w, runs: w.runs.map((r) => (r.id === runId ? withStep(r, step) : r)) }
          : w,
      );
    }
    default:
      return goal;
  }
}
