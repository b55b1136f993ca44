import { afterEach, describe, expect, it, vi } from 'vitest';
import { json, stubFetch } from '../../test/render';
import { isRetryableGoal, retryBlockedReason, retryGoal, type Goal } from './goals-api';

afterEach(() => vi.unstubAllGlobals());

const goal = (overrides: Partial<Goal> = {}): Goal => ({
  id: 'g1',
  title: 't',
  description: 'd',
  status: 'failed',
  ...overrides,
});

describe('goal retry helpers', () => {
  it('only a failed goal is retryable', () => {
    expect(isRetryableGoal('failed')).toBe(true);
    for (const s of ['queued', 'running', 'succeeded', 'cancelled']) {
      expect(isRetryableGoal(s)).toBe(false);
    }
  });

  it('blocks a retry once the token budget is spent', () => {
    expect(retryBlockedReason(goal())).toBeNull();
    expect(retryBlockedReason(goal({ tokensUsed: 10, budget: { maxTokens: 11 } }))).toBeNull();
    expect(retryBlockedReason(goal({ tokensUsed: 12_000, budget: null }))).toBeNull();
    expect(retryBlockedReason(goal({ tokensUsed: 12_000, budget: { maxTokens: 10_000 } }))).toBe(
      'Its token budget is spent (12,000 of 10,000 tokens): submit it again with a larger budget.',
    );
  });

  it('posts the retry for the goal id, encoded', async () => {
    const calls = stubFetch({
      'POST /api/goals/a%2Fb/retry': () => json(202, goal({ id: 'a/b', status: 'queued' })),
    });
    await expect(retryGoal('a/b')).resolves.toMatchObject({ status: 'queued' });
    expect(calls).toEqual([{ method: 'POST', url: '/api/goals/a%2Fb/retry', body: undefined }]);
  });
});
