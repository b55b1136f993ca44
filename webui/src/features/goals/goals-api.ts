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

/** Finished goals cannot change any more (and cannot be cancelled). */
export function isFinishedGoal(status: string): boolean {
  return status === 'succeeded' || status === 'failed' || status === 'cancelled';
}
