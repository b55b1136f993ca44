/**
 * Accessibility: every page of the console, in the light and the dark theme, has no axe-core
 * violation of WCAG 2.1 A/AA (`wcag2a`, `wcag2aa`, `wcag21a`, `wcag21aa`); no rule is excluded.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { SIGNED_OUT } from './auth-state';
import { complete, csrfHeaders, uniqueId } from './support';

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

async function expectAccessible(page: Page, name: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  const found = results.violations.map(
    (v) =>
      `${v.id} (${v.impact ?? 'n/a'}): ${v.help} — ${v.nodes
        .slice(0, 6)
        .map((n) => n.target.join(' '))
        .join(' | ')}${v.nodes.length > 6 ? ` (+${v.nodes.length - 6} more)` : ''}`,
  );
  expect(found, `axe violations on ${name}`).toEqual([]);
}

/** Opens a page and waits until it settled (its heading shown, no request pending). */
async function visit(page: Page, path: string): Promise<void> {
  await page.goto(path);
  await expect(page.locator('h1').first()).toBeVisible();
  await page.waitForLoadState('networkidle');
}

/** One goal and one stream, created once for the detail pages. */
let fixtures: Promise<{ goalId: string; requestId: string }> | null = null;

function setUp(request: APIRequestContext) {
  fixtures ??= (async () => {
    const goal = await request.post('/api/goals', {
      headers: await csrfHeaders(request),
      data: {
        title: `A11y ${uniqueId('goal')}`,
        description: 'Say hello in one sentence.',
        model: 'sim/sim-default~tps=200',
      },
    });
    expect(goal.status(), await goal.text()).toBe(201);
    const goalId = ((await goal.json()) as { id: string }).id;
    const stream = await complete(request, {
      model: 'sim/demo~tokens=40~tps=400',
      goalId: uniqueId('a11y'),
      prompt: 'An accessible stream',
    });
    return { goalId, requestId: stream.requestId };
  })();
  return fixtures;
}

for (const theme of ['light', 'dark'] as const) {
  test.describe(`${theme} theme`, () => {
    test.use({ colorScheme: theme });

    const pages: Array<[string, string]> = [
      ['goals', '/goals'],
      ['new goal', '/goals/new'],
      ['history', '/history'],
      ['providers', '/providers'],
      ['keys', '/keys'],
      ['users', '/users'],
      ['audit', '/audit'],
      ['account', '/account'],
    ];
    for (const [name, path] of pages) {
      test(`${name} page`, async ({ page }) => {
        await visit(page, path);
        await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
        await expectAccessible(page, `${name} (${theme})`);
      });
    }

    test('dashboard page with its charts', async ({ page, request }) => {
      await setUp(request);
      await visit(page, '/');
      await expect(page.getByTestId('chart-streams')).toHaveAttribute('data-state', 'ready');
      await expectAccessible(page, `dashboard (${theme})`);
    });

    test('goal detail page', async ({ page, request }) => {
      const { goalId } = await setUp(request);
      await visit(page, `/goals/${encodeURIComponent(goalId)}`);
      await expect(page.getByTestId('goal-detail')).toBeVisible();
      await expectAccessible(page, `goal detail (${theme})`);
    });

    test('streams page with the detail drawer open', async ({ page, request }) => {
      const { requestId } = await setUp(request);
      await visit(page, `/streams?stream=${encodeURIComponent(requestId)}`);
      await expect(page.getByTestId('stream-detail')).toBeVisible();
      await expectAccessible(page, `streams with the drawer (${theme})`);
    });

    test('replay page of a finished stream', async ({ page, request }) => {
      const { requestId } = await setUp(request);
      await visit(page, `/streams/${encodeURIComponent(requestId)}/replay`);
      await expect(page.getByTestId('replay')).toBeVisible();
      await expectAccessible(page, `replay (${theme})`);
    });

    test('history page with results', async ({ page, request }) => {
      await setUp(request);
      await visit(page, '/history?q=accessible');
      await expect(page.getByTestId('history-row').first()).toBeVisible();
      await expectAccessible(page, `history results (${theme})`);
    });

    test.describe('signed out', () => {
      test.use({ storageState: SIGNED_OUT });

      test('login page', async ({ page }) => {
        await page.goto('/login');
        await expect(page.getByTestId('login-page')).toBeVisible();
        await page.waitForLoadState('networkidle');
        await expectAccessible(page, `login (${theme})`);
      });
    });
  });
}
