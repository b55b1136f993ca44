/**
 * Per-generation timeline and replay (issue 22) against the real server and its simulator: the
 * card's arrival sparkline and stall badge while a paced stream pauses, the drawer's timeline
 * chart with its stall and attempt markers, a fallback shown as attempts, and replaying a
 * finished stream at its original pace (also opened directly by its link). The IT server sets
 * the stall threshold to 1000 ms (`ponybunny.console.stall-after-ms`).
 */
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import {
  complete,
  echoModel,
  normalize,
  screenshot,
  screenshotOf,
  uniqueId,
  words,
} from './support';

/** 10 chunks at 20/s, then 3 s of silence (a stall at 1 s), then 50 more chunks. */
const PAUSING_MODEL = 'sim/demo~tokens=60~tps=20~pause-after-chunks=10~pause-ms=3000';

function card(page: Page, requestId?: string) {
  return requestId
    ? page.locator(`[data-testid="stream-card"][data-request-id="${requestId}"]`)
    : page.getByTestId('stream-card').first();
}

async function sparklinePoints(page: Page): Promise<number> {
  const points = await card(page)
    .getByTestId('arrival-sparkline')
    .getAttribute('data-points')
    .catch(() => null);
  return Number(points ?? 0);
}

interface StoredRecord {
  requestId: string;
  content: string;
  durationMs: number;
  attempts: Array<{ provider: string }> | null;
  timings: { offsetsMs: number[]; lengths: number[] } | null;
}

async function storedRecord(request: APIRequestContext, requestId: string): Promise<StoredRecord> {
  const response = await request.get(`/api/streams/${encodeURIComponent(requestId)}`);
  expect(response.status(), await response.text()).toBe(200);
  return (await response.json()) as StoredRecord;
}

async function openStreams(page: Page, goalId: string): Promise<void> {
  await page.goto(`/streams?goal=${goalId}`);
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-status', 'connected');
}

test('the timeline grows during a paced stream, and its stall is badged live and marked after', async ({
  page,
  request,
}) => {
  const goalId = uniqueId('stall');
  await openStreams(page, goalId);
  const done = complete(request, { goalId, model: PAUSING_MODEL });

  const live = card(page);
  await expect(live).toHaveAttribute('data-status', 'streaming');
  // The sparkline grows with the chunks.
  await expect.poll(() => sparklinePoints(page)).toBeGreaterThan(0);
  const early = await sparklinePoints(page);
  expect(early).toBeLessThanOrEqual(10); // the first 10 chunks, before the pause

  // The pause: badged while silent for longer than the threshold (text and icon, a status).
  const badge = live.getByTestId('stall-badge');
  await expect(badge).toBeVisible({ timeout: 5_000 });
  await expect(badge).toHaveText('Stalled');
  await expect(badge).toHaveAttribute('role', 'status');
  await expect(live).toHaveAttribute('data-status', 'streaming');
  await screenshot(page, 'timeline-stalled-card');
  await screenshotOf(live, 'console-stalled-card');
  // Chunks resume: the badge goes while the stream still runs (or just finished).
  await expect(badge).toHaveCount(0, { timeout: 5_000 });
  await expect.poll(() => sparklinePoints(page)).toBeGreaterThan(early);
  await expect.poll(() => sparklinePoints(page)).toBeGreaterThan(10);

  const result = await done;
  await expect(card(page, result.requestId)).toHaveAttribute('data-status', 'completed');
  await expect(card(page, result.requestId).getByTestId('stall-badge')).toHaveCount(0);

  // The drawer's chart: TTFT marked, the stall shaded, numbers as text, an accessible name.
  await card(page, result.requestId).getByTestId('stream-open').click();
  const drawer = page.getByTestId('stream-drawer');
  const chart = drawer.getByTestId('timeline-chart');
  await expect(chart).toBeVisible();
  await expect(chart).toHaveAttribute('role', 'img');
  await expect(chart).toHaveAttribute('aria-label', `Timeline of stream ${result.requestId}`);
  await expect(chart.getByTestId('timeline-ttft')).toHaveCount(1);
  await expect(chart.getByTestId('timeline-stall')).toHaveCount(1);
  await expect(chart.getByTestId('timeline-stall')).toHaveAttribute('data-open', 'false');
  await expect(chart.getByTestId('timeline-longest-gap')).toHaveCount(1);
  const gapMs = await drawer.getByTestId('timeline-longest-gap-value').textContent();
  expect(gapMs).toMatch(/^[23]\.\d\d s/); // the 3 s pause (minus a chunk interval)
  await expect(drawer.getByTestId('timeline-numbers')).toContainText('TPOT');
  await screenshot(page, 'timeline-drawer-stall', false);
});

test('a fallback shows as attempt markers before the first chunk and as a note on the card', async ({
  page,
  request,
}) => {
  const goalId = uniqueId('fallback');
  await openStreams(page, goalId);
  const result = await complete(request, { goalId, model: 'fallback-test' });

  const served = card(page, result.requestId);
  await expect(served).toHaveAttribute('data-status', 'completed');
  const note = served.getByTestId('attempts-note');
  await expect(note).toContainText('fell back from faults to sim-anthropic');

  await served.getByTestId('stream-open').click();
  const chart = page.getByTestId('stream-drawer').getByTestId('timeline-chart');
  const markers = chart.getByTestId('timeline-attempt');
  await expect(markers.first()).toBeVisible();
  expect(await markers.count()).toBeGreaterThanOrEqual(1);
  for (const marker of await markers.all()) {
    await expect(marker).toHaveAttribute('data-provider', 'faults');
    await expect(marker).toHaveAttribute('aria-label', /faults: /);
  }
  // The record keeps them too (the drawer of a reloaded console reads them from there).
  const stored = await storedRecord(request, result.requestId);
  expect(stored.attempts?.map((a) => a.provider)).toContain('faults');
  await screenshot(page, 'timeline-drawer-fallback', false);
  await screenshotOf(page.getByTestId('stream-drawer'), 'console-timeline-fallback');
});

test('a replay at 1× takes the original duration and ends with exactly the live text', async ({
  page,
  request,
}) => {
  const goalId = uniqueId('replay');
  await openStreams(page, goalId);
  const result = await complete(request, { goalId, model: 'sim/demo~tokens=60~tps=20' });
  const live = card(page, result.requestId);
  await expect(live).toHaveAttribute('data-status', 'completed');
  const liveText = normalize(await live.getByTestId('stream-content').innerText());
  expect(liveText.length).toBeGreaterThan(20);

  const stored = await storedRecord(request, result.requestId);
  expect(stored.timings?.offsetsMs.length ?? 0).toBeGreaterThan(1);
  expect(stored.durationMs).toBeGreaterThan(2_000);

  await live.getByTestId('stream-open').click();
  await page.getByTestId('stream-drawer').getByTestId('replay-link').click();
  await expect(page).toHaveURL(new RegExp(`/streams/${result.requestId}/replay$`));
  const replay = page.getByTestId('replay');
  await expect(replay).toHaveAttribute('data-state', /playing|done/);

  // Restart at 1× and time it in the page (a MutationObserver, no polling delay).
  await page.getByTestId('replay-speed').selectOption('1');
  const elapsed = await page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        const root = document.querySelector('[data-testid="replay"]');
        const restart = document.querySelector<HTMLButtonElement>('[data-testid="replay-restart"]');
        if (!root || !restart) throw new Error('no replay on the page');
        let started = 0;
        const observer = new MutationObserver(() => {
          if (started && root.getAttribute('data-state') === 'done') {
            observer.disconnect();
            resolve(Date.now() - started);
          }
        });
        observer.observe(root, { attributes: true, attributeFilter: ['data-state'] });
        started = Date.now();
        restart.click();
      }),
  );
  test.info().annotations.push({
    type: 'replay-timing',
    description: `replayed in ${elapsed} ms; the stream took ${stored.durationMs} ms`,
  });
  expect(elapsed).toBeGreaterThanOrEqual(stored.durationMs * 0.9);
  expect(elapsed).toBeLessThanOrEqual(stored.durationMs * 1.1);
  await expect(replay).toHaveAttribute('data-state', 'done');
  await expect(page.getByTestId('replay-progress')).toHaveAttribute('value', '100');
  const replayed = normalize(await page.getByTestId('replay-content').innerText());
  expect(replayed).toBe(liveText);
  await screenshot(page, 'timeline-replay-done');
});

test('a replay link opened directly plays the stream back, and faster on demand', async ({
  page,
  request,
}) => {
  const goalId = uniqueId('replay-link');
  const text = words(40, 'replay');
  const result = await complete(request, { goalId, model: echoModel(20), prompt: text });
  expect(result.content).toBe(text);
  await page.goto(`/streams/${encodeURIComponent(result.requestId)}/replay`);
  const replay = page.getByTestId('replay');
  await expect(replay).toHaveAttribute('data-state', 'playing');
  const content = page.getByTestId('replay-content');
  await expect
    .poll(async () => Number(await content.getAttribute('data-chars')))
    .toBeGreaterThan(0);
  const partial = Number(await content.getAttribute('data-chars'));
  await expect(page.getByTestId('timeline-chart')).toBeVisible();
  await screenshot(page, 'timeline-replay-playing');
  await page.getByTestId('replay-speed').selectOption('10');
  await expect(replay).toHaveAttribute('data-state', 'done', { timeout: 5_000 });
  expect(Number(await content.getAttribute('data-chars'))).toBeGreaterThan(partial);
  expect(normalize(await content.innerText())).toBe(normalize(text));

  // Instant shows it all at once; play again starts over.
  await page.getByTestId('replay-speed').selectOption('instant');
  await page.getByTestId('replay-play').click();
  await expect(replay).toHaveAttribute('data-state', 'done');
  expect(normalize(await content.innerText())).toBe(normalize(text));
});

test("a console that joins mid-stream takes the timeline's past from the record", async ({
  page,
  request,
}) => {
  const goalId = uniqueId('late');
  const done = complete(request, { goalId, model: 'sim/demo~tokens=80~tps=20' });
  // Join after the first checkpoint (the record saves its timings each second).
  await expect
    .poll(
      async () => {
        const list = await request.get(`/api/streams?goalId=${goalId}`);
        const page = (await list.json()) as { items?: Array<{ requestId: string }> };
        return page.items?.[0]?.requestId ?? '';
      },
      { message: 'the running stream is in the history' },
    )
    .not.toBe('');
  await openStreams(page, goalId);
  const live = card(page);
  await expect(live).toHaveAttribute('data-status', 'streaming');
  const requestId = (await live.getAttribute('data-request-id')) ?? '';
  await expect
    .poll(async () => (await storedRecord(request, requestId)).timings?.offsetsMs.length ?? 0)
    .toBeGreaterThan(0);
  await live.getByTestId('stream-open').click();
  const chart = page.getByTestId('stream-drawer').getByTestId('timeline-chart');
  // The first chunk's time comes from the record: TTFT is marked although this page missed it.
  await expect(chart.getByTestId('timeline-ttft')).toHaveCount(1);
  await page.locator('html').evaluate((html) => html.setAttribute('data-theme', 'dark'));
  await screenshot(page, 'timeline-drawer-late-join-dark', false);
  const result = await done;
  expect(result.requestId).toBe(requestId);
  await expect(page.getByTestId('stream-detail')).toHaveAttribute('data-status', 'completed');
  // Once finished, the whole run: every stored group is on the chart.
  const final = await storedRecord(request, requestId);
  const groups = final.timings?.offsetsMs.length ?? 0;
  expect(groups).toBeGreaterThan(40);
  await expect(chart).toHaveAttribute('data-arrivals', String(groups));
});
