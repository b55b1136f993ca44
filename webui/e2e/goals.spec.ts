/** Goals and providers against the agent backend (signed in as the e2e admin). */
import { expect, test } from '@playwright/test';
import { E2E_USER } from './auth-state';
import { screenshot, uniqueId } from './support';

test.describe('goals', () => {
  test('create a goal in the form: its page shows streams growing live, then Completed', async ({
    page,
  }) => {
    const title = `E2E ${uniqueId('goal')}`;
    await page.goto('/goals/new');
    await page.getByTestId('goal-title-input').fill(title);
    await page
      .getByTestId('goal-description-input')
      .fill('Write three short sentences about live token streaming.');
    await page.getByTestId('goal-routing-model').click();
    await page.getByTestId('goal-model-input').fill('sim/sim-default~tps=10');
    await page.getByTestId('goal-submit').click();

    await expect(page).toHaveURL(/\/goals\/(?!new$)[^/]+$/);
    const goalId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop() ?? '');
    await expect(page.getByTestId('goal-title')).toHaveText(title);
    await expect(page.getByTestId('goal-owner')).toHaveText(`by ${E2E_USER}`);
    // Some card grows while it streams (with its cursor). Cards are followed by request id: a
    // goal's short planning stream can finish between two looks, and a card that finished no
    // longer matches the streaming selector.
    const streaming = page.locator('[data-testid="stream-card"][data-status="streaming"]');
    await expect(streaming.first()).toBeVisible({ timeout: 30_000 });
    const lengths = new Map<string, number>();
    await expect
      .poll(
        async () => {
          const cards = await streaming.evaluateAll((els) =>
            els.map((e) => ({
              id: e.getAttribute('data-request-id') ?? '',
              length: (e.querySelector('[data-testid="stream-content"]')?.textContent ?? '').length,
              cursor: e.querySelector('[data-testid="stream-cursor"]') !== null,
            })),
          );
          let grew = false;
          for (const card of cards) {
            const before = lengths.get(card.id);
            grew ||= card.cursor && before !== undefined && card.length > before;
            lengths.set(card.id, card.length);
          }
          return grew;
        },
        { timeout: 30_000, intervals: [50] },
      )
      .toBe(true);
    await screenshot(page, 'goal-detail-live');

    const done = page.locator('[data-testid="stream-card"][data-status="completed"]').first();
    await expect(done).toBeVisible({ timeout: 45_000 });
    await expect(done.getByTestId('card-tokens')).toContainText(/\d+/);
    await expect(done.getByTestId('card-duration')).toContainText(/\d/);
    await expect(page.getByTestId('goal-status')).toHaveAttribute(
      'data-status',
      /running|succeeded|failed/,
    );
    await screenshot(page, 'goal-detail');

    // The streams page filters by this goal.
    await page.goto(`/streams?goal=${encodeURIComponent(goalId)}`);
    const cards = page.getByTestId('stream-card');
    await expect(cards.first()).toBeVisible();
    for (const goal of await cards.evaluateAll((els) =>
      els.map((e) => e.querySelector('[title="goal id"]')?.textContent ?? ''),
    )) {
      expect(goal).toBe(`goal ${goalId}`);
    }

    // And the goals list finds it by search.
    await page.goto('/goals');
    await page.getByTestId('goal-search').fill(title);
    await expect(page.locator(`[data-testid="goal-row"][data-goal-id="${goalId}"]`)).toBeVisible();
    await screenshot(page, 'goals');
  });

  test('the form shows the API validation messages', async ({ page }) => {
    await page.goto('/goals/new');
    // Client-side: required fields.
    await page.getByTestId('goal-submit').click();
    await expect(page.getByTestId('field-error-title')).toBeVisible();
    await expect(page.getByTestId('field-error-description')).toBeVisible();
    // Server-side: a budget the API refuses.
    await page.getByTestId('goal-title-input').fill('Invalid budget');
    await page.getByTestId('goal-description-input').fill('x');
    await page.getByTestId('goal-max-tokens').fill('-5');
    await page.getByTestId('goal-submit').click();
    await expect(page.getByTestId('form-error')).toBeVisible();
    await expect(page.getByTestId('field-error-budget.maxTokens')).toBeVisible();
    await expect(page).toHaveURL(/\/goals\/new$/);
  });

  test('cancel a running goal', async ({ page }) => {
    await page.goto('/goals/new');
    await page.getByTestId('goal-title-input').fill(`Cancel ${uniqueId('me')}`);
    await page.getByTestId('goal-description-input').fill('A slow goal that is cancelled.');
    await page.getByTestId('goal-routing-model').click();
    await page.getByTestId('goal-model-input').fill('sim/sim-default~tps=5~tokens=400');
    await page.getByTestId('goal-submit').click();
    await expect(page.getByTestId('goal-status')).toHaveAttribute('data-status', /queued|running/);
    await page.getByTestId('goal-cancel').click();
    await expect(page.getByTestId('goal-status')).toHaveAttribute('data-status', 'cancelled');
    await expect(page.getByTestId('goal-cancel')).toBeDisabled();
  });
});

test('providers page lists the simulator endpoint with its circuit state', async ({ page }) => {
  await page.goto('/providers');
  const sim = page.locator('[data-testid="endpoint-row"][data-endpoint-id="sim"]');
  await expect(sim).toBeVisible();
  await expect(sim.getByTestId('endpoint-circuit')).toHaveText(/closed|open|half-open/);
  await expect(page.locator('body')).not.toContainText(/api[-_]?key/i);
  await screenshot(page, 'providers');
});
