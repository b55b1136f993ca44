/**
 * Live streaming in the browser against the real server and its simulator: the Try-it flow,
 * the streams page (metrics, filters, detail drawer, export), error streams and reload.
 */
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { E2E_USER } from './auth-state';
import {
  afterNextPaint,
  complete,
  normalize,
  recordDialogs,
  screenshot,
  echoModel,
  uniqueId,
  words,
} from './support';

function card(page: Page, requestId?: string) {
  return requestId
    ? page.locator(`[data-testid="stream-card"][data-request-id="${requestId}"]`)
    : page.getByTestId('stream-card').first();
}

/** The number shown in a metric tile. */
function tile(page: Page, testId: string) {
  return page.getByTestId(testId).locator('.tile-value');
}

async function contentLength(page: Page): Promise<number> {
  return ((await card(page).getByTestId('stream-content').textContent()) ?? '').length;
}

test('Try it: the stream grows live with the cursor, then shows Completed with tokens and duration', async ({
  page,
}) => {
  const goalId = uniqueId('tryit');
  await page.goto('/');
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-status', 'connected');
  await page.getByTestId('goal-id-input').fill(goalId);
  await page.getByTestId('model-input').fill('sim/demo~tokens=90~tps=25');
  await page.getByTestId('prompt-input').fill('Explain token streaming in two paragraphs');
  await page.getByTestId('send-button').click();

  const live = card(page);
  await expect(live).toHaveAttribute('data-status', 'streaming');
  await expect(live.getByTestId('status-badge')).toHaveText('Streaming');
  await expect(live.getByTestId('stream-cursor')).toBeVisible();
  await expect(live.getByTestId('stream-cursor')).toHaveText('▊');
  // The text grows while the stream is live.
  await expect.poll(() => contentLength(page)).toBeGreaterThan(40);
  const before = await contentLength(page);
  await expect.poll(() => contentLength(page)).toBeGreaterThan(before + 20);
  await expect(live).toHaveAttribute('data-status', 'streaming');
  await expect(tile(page, 'metric-active')).toHaveText('1');
  await screenshot(page, 'dashboard-live-light');
  await page.getByTestId('theme-toggle').click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await screenshot(page, 'dashboard-live-dark');
  await page.getByTestId('theme-toggle').click();

  await expect(live).toHaveAttribute('data-status', 'completed', { timeout: 30_000 });
  await expect(live.getByTestId('status-badge')).toHaveText('Completed');
  await expect(live.getByTestId('stream-cursor')).toHaveCount(0);
  await expect(live.getByTestId('card-tokens')).toContainText(/\d+/);
  await expect(live.getByTestId('card-tokens')).not.toContainText('ch');
  await expect(live.getByTestId('card-duration')).toContainText(/\d+(\.\d+)? (ms|s)/);
  await expect(live.getByTestId('card-ttft')).toContainText(/\d+ ms|\d+\.\d+ s/);
  await expect(live.getByTestId('card-tokps')).toContainText(/\d/);
  await expect(page.getByTestId('last-result')).toContainText('stop');
  await expect(tile(page, 'metric-completed')).toHaveText(/^[1-9]\d*$/);
  await screenshot(page, 'dashboard');
});

test('a goal channel page streams live for ad-hoc goal ids', async ({ page, request }) => {
  const goalId = uniqueId('adhoc');
  await page.goto(`/goals/${goalId}`);
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-status', 'connected');
  const text = words(70, 'adhoc');
  const done = complete(request, { goalId, model: echoModel(30), prompt: text });
  await expect(card(page)).toHaveAttribute('data-status', 'streaming');
  await expect.poll(() => contentLength(page)).toBeGreaterThan(60);
  await screenshot(page, 'goal-channel-live');
  const result = await done;
  await expect(card(page, result.requestId)).toHaveAttribute('data-status', 'completed');
  await expect(card(page, result.requestId).getByTestId('stream-owner')).toHaveText(
    `by ${E2E_USER}`,
  );
  expect(result.content).toBe(text);
  await expect(card(page, result.requestId).getByTestId('stream-content')).toHaveText(
    normalize(text),
    { useInnerText: true },
  );
});

test('streams page: correct metrics, filter by goal, detail drawer and JSON/Markdown export', async ({
  page,
  request,
}) => {
  const goalA = uniqueId('alpha');
  const goalB = uniqueId('beta');
  // The tiles count the channel's streams: read them once its snapshot is on the page.
  const snapshot = page
    .waitForEvent('websocket', (ws) => ws.url().endsWith('/ws/streams'))
    .then((ws) =>
      ws.waitForEvent('framereceived', (f) => String(f.payload).includes('"type":"snapshot"')),
    );
  await page.goto('/streams');
  await snapshot;
  await afterNextPaint(page);
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-status', 'connected');
  const totalBefore = Number(await tile(page, 'metric-total').textContent());
  const completedBefore = Number(await tile(page, 'metric-completed').textContent());

  const textA = words(40, 'alpha');
  const [a, b] = await Promise.all([
    complete(request, { goalId: goalA, model: echoModel(80), prompt: textA }),
    complete(request, { goalId: goalB, model: 'sim/demo~tokens=30~tps=80' }),
  ]);
  await expect(card(page, a.requestId)).toHaveAttribute('data-status', 'completed');
  await expect(card(page, b.requestId)).toHaveAttribute('data-status', 'completed');
  await expect(tile(page, 'metric-total')).toHaveText(String(totalBefore + 2));
  await expect(tile(page, 'metric-completed')).toHaveText(String(completedBefore + 2));

  // The card's metrics match what the server reported.
  const cardA = card(page, a.requestId);
  await expect(cardA.getByTestId('card-tokens')).toContainText(
    String(a.outputTokens ?? a.tokensUsed),
  );
  await expect(cardA.getByTestId('stream-content')).toHaveText(normalize(textA), {
    useInnerText: true,
  });

  // Filter by goal: only goal A's stream remains, and the URL keeps the filter.
  await page.getByTestId('filter-goal').fill(goalA);
  await expect(page.getByTestId('stream-card')).toHaveCount(1);
  await expect(card(page, a.requestId)).toBeVisible();
  await expect(page.getByTestId('filter-count')).toContainText(/^1 of \d+/);
  expect(new URL(page.url()).searchParams.get('goal')).toBe(goalA);
  await page.getByTestId('filter-goal').fill(goalB);
  await expect(page.getByTestId('stream-card')).toHaveCount(1);
  await expect(card(page, b.requestId)).toBeVisible();
  await page.getByTestId('filter-goal').fill('');
  await expect(page.getByTestId('filter-count')).toHaveText(/^(\d+) of \1$/);
  await expect.poll(() => new URL(page.url()).searchParams.get('goal')).toBeNull();

  // Filter by status.
  await page.getByTestId('filter-status').selectOption('error');
  await expect(card(page, a.requestId)).toHaveCount(0);
  await page.getByTestId('filter-status').selectOption('all');

  // A live stream on the page for the screenshot.
  const slow = complete(request, { goalId: uniqueId('gamma'), model: 'sim/demo~tokens=80~tps=30' });
  await expect(page.locator('[data-testid="stream-card"][data-status="streaming"]')).toHaveCount(1);
  await expect(tile(page, 'metric-active')).toHaveText('1');
  await page.waitForTimeout(800); // let some text arrive so the screenshot shows a live card
  await screenshot(page, 'streams');

  // Detail drawer with full content and metrics; export as JSON and Markdown.
  await card(page, a.requestId).getByTestId('stream-open').click();
  const drawer = page.getByTestId('stream-drawer');
  await expect(drawer).toBeVisible();
  expect(new URL(page.url()).searchParams.get('stream')).toBe(a.requestId);
  await expect(drawer.getByTestId('stream-detail-metrics')).toContainText(a.requestId);
  await expect(drawer.getByTestId('stream-detail-metrics')).toContainText(goalA);
  await expect(drawer.getByTestId('stream-detail-content')).toHaveText(normalize(textA), {
    useInnerText: true,
  });
  await screenshot(page, 'stream-drawer', false);

  const [jsonDownload] = await Promise.all([
    page.waitForEvent('download'),
    drawer.getByTestId('export-json').click(),
  ]);
  const exported = JSON.parse(readFileSync(await jsonDownload.path(), 'utf8')) as {
    requestId: string;
    goalId: string;
    content: string;
    status: string;
  };
  expect(exported).toMatchObject({
    requestId: a.requestId,
    goalId: goalA,
    content: textA,
    status: 'completed',
  });
  const [mdDownload] = await Promise.all([
    page.waitForEvent('download'),
    drawer.getByTestId('export-markdown').click(),
  ]);
  const markdown = readFileSync(await mdDownload.path(), 'utf8');
  expect(markdown).toContain(`# Stream ${a.requestId}`);
  expect(markdown).toContain(textA);
  await page.keyboard.press('Escape');
  await expect(drawer).toHaveCount(0);
  expect(new URL(page.url()).searchParams.get('stream')).toBeNull();
  await slow;
});

test('an error stream shows the red Error badge with the message', async ({ page }) => {
  const goalId = uniqueId('fault');
  await page.goto('/');
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-status', 'connected');
  await page.getByTestId('goal-id-input').fill(goalId);
  await page.getByTestId('model-input').fill('sim/x~error-after-chunks=5~tps=20');
  await page.getByTestId('prompt-input').fill('This one fails half way');
  await page.getByTestId('send-button').click();

  const failed = card(page);
  await expect(failed).toHaveAttribute('data-status', 'error');
  const badge = failed.getByTestId('status-badge');
  await expect(badge).toHaveText('Error');
  const message = failed.getByTestId('stream-error');
  await expect(message).toBeVisible();
  expect(((await message.textContent()) ?? '').trim().length).toBeGreaterThan(3);
  // Red: the badge is drawn in the theme's danger colour.
  const [badgeColor, danger] = await badge.evaluate((el) => {
    const probe = document.createElement('span');
    probe.style.color = 'var(--danger)';
    document.body.appendChild(probe);
    const colors = [getComputedStyle(el).color, getComputedStyle(probe).color];
    probe.remove();
    return colors;
  });
  expect(badgeColor).toBe(danger);
  // The partial text stays, without a cursor; the request itself reports the failure too.
  await expect(failed.getByTestId('stream-content')).not.toHaveText('');
  await expect(failed.getByTestId('stream-cursor')).toHaveCount(0);
  await expect(page.getByTestId('request-error')).toBeVisible();
  await expect(tile(page, 'metric-errors')).toHaveText(/^[1-9]\d*$/);
  await screenshot(page, 'error-stream');
});

test('reload mid-stream: the text so far reappears at once and continues without gap or duplicate', async ({
  page,
  request,
}) => {
  const goalId = uniqueId('reload');
  const text = words(110, 'reload');
  await page.goto(`/streams?goal=${goalId}`);
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-status', 'connected');
  const done = complete(request, { goalId, model: echoModel(18), prompt: text });
  await expect.poll(() => contentLength(page)).toBeGreaterThan(120);
  const beforeReload = normalize(
    await card(page).getByTestId('stream-content').innerText(),
  ).replace(/▊$/, '');

  let snapshot = false;
  page.on('websocket', (ws) =>
    ws.on('framereceived', (frame) => {
      if (typeof frame.payload === 'string' && frame.payload.startsWith('{"type":"snapshot"')) {
        snapshot = true;
      }
    }),
  );
  await page.reload();
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-status', 'connected');
  await expect
    .poll(() => snapshot, {
      timeout: 3_000,
      message: 'the server sends a snapshot frame after reconnecting',
    })
    .toBe(true);

  // At once: the text so far is back right after the reload.
  const content = card(page).getByTestId('stream-content');
  await expect
    .poll(async () => normalize(await content.innerText()).replace(/▊$/, '').length, {
      timeout: 1_500,
    })
    .toBeGreaterThanOrEqual(beforeReload.length);
  const afterReload = normalize(await content.innerText()).replace(/▊$/, '');
  expect(afterReload.startsWith(beforeReload.slice(0, -20))).toBe(true);

  // Then it continues: the final text is exactly what was sent (no gap, no duplicate).
  const result = await done;
  await expect(card(page, result.requestId)).toHaveAttribute('data-status', 'completed');
  await expect(card(page, result.requestId).getByTestId('stream-content')).toHaveText(
    normalize(text),
    { useInnerText: true },
  );
});

test('every page of the console renders without a dialog', async ({ page }) => {
  const dialogs = recordDialogs(page);
  for (const path of [
    '/',
    '/goals',
    '/goals/new',
    '/streams',
    '/providers',
    '/account',
    '/keys',
    '/users',
    '/audit',
  ]) {
    await page.goto(path);
    await expect(page.locator('.page-title').first()).toBeVisible();
  }
  expect(dialogs).toEqual([]);
});
