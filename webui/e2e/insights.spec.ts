/**
 * Insights against the real server: the dashboard's charts from /api/metrics/timeseries after
 * a few streams (one failing), the range picker, and the history search (a phrase from an echoed
 * answer, highlighted; never another owner's stream for a non-admin) with its CSV/JSON export.
 */
import {
  expect,
  test,
  type APIRequestContext,
  type Browser,
  type BrowserContext,
  type Page,
} from '@playwright/test';
import { readFileSync } from 'node:fs';
import { SIGNED_OUT } from './auth-state';
import { complete, csrfHeaders, screenshot, screenshotOf, uniqueId } from './support';

/** The simulator echoes the prompt word by word, so a phrase in the prompt is in the answer. */
const ECHO = 'sim/demo~echo=true~tps=200';

/** POST /api/completions for a model that fails; resolves with the HTTP status, whatever it is. */
async function failingCompletion(request: APIRequestContext, goalId: string): Promise<number> {
  const response = await request.post('/api/completions', {
    headers: await csrfHeaders(request),
    data: {
      model: 'sim/x~status=500',
      goalId,
      stream: true,
      messages: [{ role: 'user', content: 'This one fails' }],
    },
    timeout: 60_000,
  });
  return response.status();
}

/** Waits until the server's search finds `phrase` for this session (records are saved async). */
async function searchable(request: APIRequestContext, phrase: string, requestId: string) {
  await expect
    .poll(
      async () => {
        const response = await request.get(`/api/streams?q=${encodeURIComponent(phrase)}`);
        if (!response.ok()) return `HTTP ${response.status()}`;
        const body = (await response.json()) as { items: Array<{ requestId: string }> };
        return body.items.map((r) => r.requestId);
      },
      { timeout: 20_000 },
    )
    .toContain(requestId);
}

async function search(page: Page, phrase: string) {
  await page.getByTestId('history-search').fill(phrase);
  await expect(page).toHaveURL(new RegExp(`[?&]q=${encodeURIComponent(phrase)}`));
}

/** A context signed in as a new operator (created through the admin API), with its page. */
async function signInAsNewOperator(
  browser: Browser,
  admin: APIRequestContext,
  baseURL: string | undefined,
): Promise<{ context: BrowserContext; page: Page; username: string }> {
  const username = uniqueId('e2e-op');
  const password = `pw-${uniqueId('secret')}-Long`;
  const created = await admin.post('/api/users', {
    headers: await csrfHeaders(admin),
    data: { username, password, role: 'operator' },
  });
  expect(created.status(), await created.text()).toBe(201);
  const context = await browser.newContext({ baseURL, storageState: SIGNED_OUT });
  const login = await context.request.post('/api/auth/login', { data: { username, password } });
  expect(login.status()).toBe(200);
  return { context, page: await context.newPage(), username };
}

test('dashboard charts draw the streams that ran, and the range picker asks for its range', async ({
  page,
  request,
}) => {
  const goalId = uniqueId('charts');
  for (const n of [1, 2]) {
    await complete(request, {
      model: 'sim/demo~tokens=30~tps=300',
      goalId,
      prompt: `chart stream ${n}`,
    });
  }
  const failed = await failingCompletion(request, goalId);
  expect(failed, 'the failing model fails').not.toBe(200);

  const firstLoad = page.waitForResponse((r) =>
    r.url().includes('/api/metrics/timeseries?range=1h'),
  );
  await page.goto('/');
  const response = await firstLoad;
  expect(response.status(), 'GET /api/metrics/timeseries?range=1h').toBe(200);
  const body = (await response.json()) as {
    models: Array<{ model: string }>;
    errors: Array<{ count: number }>;
  };
  expect(body.models.map((m) => m.model).join(' ')).toContain('tokens=30~tps=300');
  expect(body.errors.reduce((s, e) => s + e.count, 0)).toBeGreaterThan(0);

  const ttft = page.getByTestId('chart-ttft');
  await expect(ttft).toHaveAttribute('data-state', 'ready');
  await expect(ttft.getByRole('img')).toHaveAccessibleName(/time to first token/i);
  await expect(ttft.locator('[data-series$=" p50"] path').first()).toBeAttached();
  // The busiest models are charted (earlier tests may have run busier ones), each in the legend.
  await expect(ttft.getByTestId('chart-legend').locator('li[data-model]').first()).toBeVisible();
  await expect(page.getByTestId('chart-tps')).toHaveAttribute('data-state', 'ready');
  const streams = page.getByTestId('chart-streams');
  await expect(streams).toHaveAttribute('data-state', 'ready');
  await expect(streams.getByTestId('streams-bar').first()).toBeAttached();
  await expect(page.getByTestId('chart-streams-summary')).toContainText(/[1-9]\d* failed/);
  const errors = page.getByTestId('chart-errors');
  await expect(errors).toHaveAttribute('data-state', 'ready');
  await expect(errors.getByTestId('error-bar').first()).toContainText(/\d+/);
  await page.getByTestId('insights').scrollIntoViewIfNeeded();
  await screenshot(page, 'dashboard-charts');
  await screenshotOf(page.getByTestId('insights'), 'console-charts');

  const sixHours = page.waitForRequest((r) => r.url().includes('/api/metrics/timeseries?range=6h'));
  await page.getByTestId('range-picker').getByRole('radio', { name: /^6 h/ }).click();
  await sixHours;
  await expect(page).toHaveURL(/[?&]range=6h/);
  await expect(page.getByTestId('range-6h')).toBeChecked();
  await expect(page.getByTestId('chart-ttft')).toHaveAttribute('data-state', 'ready');

  // Keyboard: the options form one radio group (arrow keys move the choice).
  await page.getByTestId('range-6h').focus();
  const day = page.waitForRequest((r) => r.url().includes('/api/metrics/timeseries?range=24h'));
  await page.keyboard.press('ArrowRight');
  await day;
  await expect(page.getByTestId('range-24h')).toBeChecked();
});

test('history search finds a phrase of an answer for its owner only, and exports it', async ({
  page,
  request,
  browser,
  baseURL,
}) => {
  const phrase = uniqueId('violet');
  const mine = await complete(request, {
    model: ECHO,
    goalId: uniqueId('history'),
    prompt: `Please repeat: the harbour code is ${phrase} today`,
  });
  expect(mine.content).toContain(phrase);
  await searchable(request, phrase, mine.requestId);

  // The admin finds their own stream, the phrase highlighted in the answer's excerpt.
  await page.goto('/history');
  await search(page, phrase);
  const row = page.locator(`[data-testid="history-row"][data-request-id="${mine.requestId}"]`);
  await expect(row).toBeVisible();
  await expect(page.getByTestId('history-row')).toHaveCount(1);
  await expect(row.getByTestId('history-excerpt').locator('mark')).toHaveText(phrase);
  await expect(row.getByTestId('status-badge')).toHaveText('Completed');
  await expect(row.getByTestId('history-open')).toHaveAttribute(
    'href',
    `/streams?stream=${mine.requestId}`,
  );
  await screenshot(page, 'history-search');

  // The search is in the URL: a reload (or a shared link) shows the same result.
  await page.reload();
  await expect(page.getByTestId('history-search')).toHaveValue(phrase);
  await expect(row).toBeVisible();

  // Export: the same filter as CSV and JSON.
  const [csvDownload] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('export-csv').click(),
  ]);
  expect(csvDownload.suggestedFilename()).toMatch(/^streams-.*\.csv$/);
  const csv = readFileSync(await csvDownload.path(), 'utf8');
  const lines = csv.trim().split(/\r?\n/);
  expect(lines[0]).toBe(
    'requestId,startedAt,finishedAt,status,model,provider,goalId,owner,client,ttftMs,durationMs,' +
      'inputTokens,outputTokens,costUsd,finishReason,error,prompt,content',
  );
  expect(lines.filter((l) => l.startsWith(`${mine.requestId},`))).toHaveLength(1);
  expect(csv).toContain(phrase);

  const [jsonDownload] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('export-json').click(),
  ]);
  expect(jsonDownload.suggestedFilename()).toMatch(/^streams-.*\.json$/);
  const exported = JSON.parse(readFileSync(await jsonDownload.path(), 'utf8')) as Array<{
    requestId: string;
    prompt?: string;
    content?: string;
  }>;
  expect(exported.map((r) => r.requestId)).toEqual([mine.requestId]);
  expect(exported[0].content).toContain(phrase);
  expect(exported[0].prompt).toContain(phrase);

  // A second, non-admin user: their own phrase is found, the admin's never (UI, API, export).
  const other = await signInAsNewOperator(browser, request, baseURL);
  try {
    const theirPhrase = uniqueId('amber');
    const theirs = await complete(other.context.request, {
      model: ECHO,
      goalId: uniqueId('history-op'),
      prompt: `Echo this back: ${theirPhrase} please`,
    });
    await searchable(other.context.request, theirPhrase, theirs.requestId);

    await other.page.goto('/history');
    await search(other.page, theirPhrase);
    await expect(
      other.page.locator(`[data-testid="history-row"][data-request-id="${theirs.requestId}"]`),
    ).toBeVisible();

    await search(other.page, phrase);
    await expect(other.page.getByTestId('history-results')).toHaveAttribute('data-total', '0');
    await expect(other.page.getByTestId('history-empty')).toHaveText(
      'No stream matches this search.',
    );
    await expect(other.page.getByTestId('history-row')).toHaveCount(0);
    await screenshot(other.page, 'history-search-other-user');

    const api = await other.context.request.get(`/api/streams?q=${encodeURIComponent(phrase)}`);
    expect(((await api.json()) as { total: number }).total).toBe(0);
    const theirExport = await other.context.request.get(
      `/api/streams/export?format=json&q=${encodeURIComponent(phrase)}`,
    );
    expect(theirExport.status()).toBe(200);
    expect(await theirExport.text()).not.toContain(mine.requestId);

    // The admin sees everyone's streams, theirs included.
    await search(page, theirPhrase);
    await expect(
      page.locator(`[data-testid="history-row"][data-request-id="${theirs.requestId}"]`),
    ).toBeVisible();
  } finally {
    await other.context.close();
    await request.delete(`/api/users/${encodeURIComponent(other.username)}`, {
      headers: await csrfHeaders(request),
    });
  }
});
