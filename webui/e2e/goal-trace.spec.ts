/** The goal page's trace: a live tree of the goal's run with durations on one time axis. */
import { expect, test } from '@playwright/test';
import { screenshot, screenshotOf, uniqueId } from './support';

test('goal trace grows live, is keyboard navigable, and opens an LLM call’s stream', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await page.goto('/goals/new');
  // Arithmetic in the title: the simulated agent plans one work item, calls the calculator,
  // then answers; paced at 6 tokens/s so the goal runs for several seconds.
  await page.getByTestId('goal-title-input').fill('What is 12 * 7 + 3');
  await page
    .getByTestId('goal-description-input')
    .fill(`Compute it with the calculator (trace e2e, ${uniqueId('trace')}).`);
  await page.getByTestId('goal-routing-model').click();
  await page.getByTestId('goal-model-input').fill('sim/sim-default~tps=6');
  await page.getByTestId('goal-submit').click();
  await expect(page).toHaveURL(/\/goals\/(?!new$)[^/]+$/);
  const goalId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop() ?? '');

  const trace = page.getByTestId('goal-trace');
  await expect(trace).toBeVisible();
  const rows = trace.getByTestId('trace-row');
  await expect(rows.first()).toHaveAttribute('data-kind', 'goal');

  // Live: rows are added while the goal runs, LLM calls among them under the run's steps.
  const look = () =>
    page.evaluate(() => {
      const all = Array.from(document.querySelectorAll('[data-testid="trace-row"]'));
      const level = (e: Element) => Number(e.getAttribute('aria-level'));
      const runIndex = all.findIndex((e) => e.getAttribute('data-kind') === 'run');
      return {
        rows: all.length,
        running: /queued|running/.test(
          document.querySelector('[data-testid="goal-status"]')?.getAttribute('data-status') ?? '',
        ),
        llmUnderRun:
          runIndex >= 0 &&
          all
            .slice(runIndex + 1)
            .some((e) => e.getAttribute('data-kind') === 'llm' && level(e) > level(all[runIndex])),
      };
    });
  const first = await look();
  expect(first.running, 'the goal still runs when its page shows').toBe(true);
  let grewWhileRunning = false;
  let llmUnderRunWhileRunning = false;
  await expect
    .poll(
      async () => {
        const now = await look();
        if (now.running) {
          grewWhileRunning ||= now.rows > first.rows;
          llmUnderRunWhileRunning ||= now.llmUnderRun;
        }
        return grewWhileRunning && llmUnderRunWhileRunning;
      },
      { timeout: 45_000, intervals: [100] },
    )
    .toBe(true);
  await screenshot(page, 'goal-trace-live');

  // Keyboard: the tree has one tab stop; ArrowDown moves the focus to the next row.
  await rows.first().focus();
  await expect(rows.first()).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(rows.nth(1)).toBeFocused();
  await page.keyboard.press('ArrowUp');
  await expect(rows.first()).toBeFocused();

  // Finished: plan, work item, run, steps with their LLM calls and the calculator.
  await expect(page.getByTestId('goal-status')).toHaveAttribute('data-status', 'succeeded', {
    timeout: 60_000,
  });
  await expect(trace).toHaveAttribute('data-live', 'false');
  const kinds = await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')));
  expect(kinds[0]).toBe('goal');
  for (const kind of ['workitem', 'run', 'step', 'llm', 'tool']) expect(kinds).toContain(kind);
  await expect(trace.locator('[data-kind="tool"]').first()).toContainText('calculator');
  await expect(trace.locator('[data-kind="run"]').first()).not.toContainText('so far');

  // Every LLM row opens its stream: the goal's own stream records.
  const response = await page.request.get(
    `/api/streams?goalId=${encodeURIComponent(goalId)}&size=200`,
  );
  expect(response.status()).toBe(200);
  const recorded = ((await response.json()) as { items: { requestId: string }[] }).items.map(
    (s) => s.requestId,
  );
  const calls = trace.getByTestId('trace-llm-call');
  const ids = await calls.evaluateAll((els) => els.map((e) => e.getAttribute('data-request-id')));
  expect(ids.length).toBeGreaterThanOrEqual(3); // the plan and two ReAct turns
  expect([...ids].sort()).toEqual([...recorded].sort());
  await screenshot(page, 'goal-trace');
  await screenshotOf(page.getByTestId('goal-trace'), 'console-goal-trace');

  const last = ids[ids.length - 1] as string;
  await calls.last().click();
  const drawer = page.getByTestId('stream-drawer');
  await expect(drawer.getByTestId('stream-detail')).toBeVisible();
  await expect(drawer.getByTestId('stream-detail-metrics')).toContainText(last);
  await expect(drawer.getByTestId('stream-detail-content')).toContainText('Final Answer');
  await screenshot(page, 'goal-trace-stream');
});
