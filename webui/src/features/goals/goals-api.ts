/** Goals REST API (see the goals/streams/providers contract): types and calls. */
import { getJson, postJson } from '../../lib/api';

export type GoalStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';
export type WorkItemStatus =
  'pending' | 'running' | 'succeeded' | 'failed' | 'cancelled' | 'skipped';
export type Tier = 'simple' | 'medium' | 'complex';

export const GOAL_STATUSES: readonly GoalStatus[] = [
  'queued',
  'running',
  'succeeded',
  'failed',
  'cancelled',
];
export const TIERS: readonly Tier[] = ['simple', 'medium', 'complex'];

export interface Budget {
  maxTokens?: number | null;
  maxSteps?: number | null;
  maxDurationSeconds?: number | null;
}

export interface Step {
  index: number;
  thought?: string | null;
  action?: string | null;
  actionInput?: unknown;
  observation?: string | null;
  /** The run's answer (its last step), instead of an action. */
  finalAnswer?: string | null;
  /** When the step was recorded (after its tool's observation). */
  timestamp?: string | number | null;
}

export interface Run {
  id: string;
  attempt: number;
  status: string;
  tokensUsed?: number | null;
  startedAt?: string | null;
  finishedAt?: string | null;
  error?: string | null;
  steps: Step[];
}

export interface WorkItem {
  id: string;
  title: string;
  status: WorkItemStatus | string;
  order: number;
  dependsOn: string[];
  runs: Run[];
}

export interface Goal {
  id: string;
  title: string;
  description: string;
  successCriteria?: string | null;
  model?: string | null;
  tier?: Tier | string | null;
  status: GoalStatus | string;
  /** Who created the goal (user name); absent on servers without sign-in. */
  owner?: string | null;
  /** The cluster instance running it; null when none does, and on a single node. */
  instance?: string | null;
  result?: string | null;
  error?: string | null;
  budget?: Budget | null;
  tokensUsed?: number | null;
  createdAt?: string | null;
  startedAt?: string | null;
  finishedAt?: string | null;
  workItems?: WorkItem[];
}

export interface Page<T> {
  items: T[];
  page: number;
  size: number;
  total: number;
}

export interface NewGoal {
  title: string;
  description: string;
  successCriteria?: string;
  model?: string;
  tier?: Tier;
  budget?: Budget;
}

export interface GoalQuery {
  status?: string;
  q?: string;
  page?: number;
  size?: number;
}

export function goalsUrl(query: GoalQuery = {}): string {
  const params = new URLSearchParams();
  if (query.status) params.set('status', query.status);
  if (query.q) params.set('q', query.q);
  params.set('page', String(query.page ?? 0));
  params.set('size', String(query.size ?? 20));
  return `/api/goals?${params.toString()}`;
}

export function listGoals(query: GoalQuery, signal?: AbortSignal): Promise<Page<Goal>> {
  return getJson<Page<Goal>>(goalsUrl(query), { signal, action: 'view goals' });
}

export function getGoal(id: string, signal?: AbortSignal): Promise<Goal> {
  return getJson<Goal>(`/api/goals/${encodeURIComponent(id)}`, {
    signal,
    action: 'view this goal',
  });
}

export function createGoal(goal: NewGoal, signal?: AbortSignal): Promise<Goal> {
  return postJson<Goal>('/api/goals', goal, { signal, action: 'create goals' });
}

export function cancelGoal(id: string): Promise<Goal> {
  return postJson<Goal>(`/api/goals/${encodeURIComponent(id)}/cancel`, undefined, {
    action: 'cancel this goal',
  });
}

/**
 * Queues a failed goal again (also one a server stop interrupted); it resumes from its last
 * completed work item. 202 with the goal; 409 when it is not failed or its token budget is
 * spent; 503 with Retry-After when the agent's queue is full.
 */
export function retryGoal(id: string): Promise<Goal> {
  return postJson<Goal>(`/api/goals/${encodeURIComponent(id)}/retry`, undefined, {
    action: 'retry this goal',
  });
}

/** Only a failed goal can be retried. */
export function isRetryableGoal(status: string): boolean {
  return status === 'failed';
}

/**
 * Why a failed goal cannot be retried as it is (the server says 409 too), or null: its tokens
 * already used count against its budget, so a spent budget needs a new goal with a larger one.
 */
export function retryBlockedReason(goal: Goal): string | null {
  const max = goal.budget?.maxTokens;
  const used = goal.tokensUsed ?? 0;
  if (max != null && max > 0 && used >= max) {
    return `Its token budget is spent (${used.toLocaleString('en-US')} of ${max.toLocaleString('en-US')} tokens): submit it again with a larger budget.`;
  }
  return null;
}

/** Finished goals cannot change any more (and cannot be cancelled). */
export function isFinishedGoal(status: string): boolean {
  return status === 'succeeded' || status === 'failed' || status === 'cancelled';
}

/** A step's action input as text: a string as it is, anything else as JSON ('' for none). */
export function formatInput(input: unknown): string {
  if (input === undefined || input === null || input === '') return '';
  return typeof input === 'string' ? input : JSON.stringify(input);
}
