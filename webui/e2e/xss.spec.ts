/**
 * Untrusted model output: streamed HTML, javascript: links and a <script> split across chunks
 * must render as inert text on every view (stream card, goal channel page, detail drawer).
 */
import { expect, test, type Page } from '@playwright/test';
import { complete, recordDialogs, echoModel, uniqueId } from './support';

/**
 * The simulator streams one token per whitespace-separated word, so "<script" and
 * ">…</script" arrive in different chunks.
 */
const PAYLOAD = [
  'Hello <img src=x onerror="window.__xss=1;alert(1)"> there.',
  '',
  'Click [x](javascript:alert(1)) or [y](JaVaScRiPt:window.__xss=2) or <a href="javascript:alert(3)">z</a>.',
  '',
  '<script\n>window.__xss=3;alert(4)</script\n> and <svg onload=alert(5)><circle r=4 /></svg>',
  '',
  '![pic](javascript:alert(6)) <iframe src="javascript:alert(7)"></iframe> done',
].join('\n');

async function expectInert(page: Page, dialogs: string[]) {
  const html = await page.locator('#root').innerHTML();
  expect(dialogs).toEqual([]);
  expect(
    await page.evaluate(() => (window as unknown as { __xss?: number }).__xss),
  ).toBeUndefined();
  // No element from the payload exists in the DOM…
  await expect(page.locator('#root script')).toHaveCount(0);
  await expect(page.locator('[data-testid="stream-content"] img')).toHaveCount(0);
  await expect(page.locator('[data-testid="stream-content"] iframe')).toHaveCount(0);
  await expect(page.locator('[data-testid="stream-content"] svg')).toHaveCount(0);
  await expect(page.locator('[onerror], [onload]')).toHaveCount(0);
  // …and no javascript: link anywhere on the page.
  await expect(page.locator('a[href^="javascript:" i]')).toHaveCount(0);
  expect(html.toLowerCase()).not.toContain('href="javascript:');
}

test('streamed HTML, javascript: links and a split <script> produce no dialog, script or link', async ({
  page,
  request,
}) => {
  const dialogs = recordDialogs(page);
  const goalId = uniqueId('xss');

  // Live on the dashboard (Try it), with the payload arriving chunk by chunk.
  await page.goto('/');
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-status', 'connected');
  await page.getByTestId('goal-id-input').fill(goalId);
  await page.getByTestId('model-input').fill(echoModel(8));
  await page.getByTestId('prompt-input').fill(PAYLOAD);
  await page.getByTestId('send-button').click();
  // The payload travels as the prompt (the simulator echoes it): out of the form once sent, so
  // the page's HTML holds it only where the stream shows it.
  await page.getByTestId('prompt-input').fill('');
  const card = page.getByTestId('stream-card').first();
  await expect(card).toHaveAttribute('data-status', 'streaming');
  // Mid-stream: the chunk with "<script" has arrived (the simulator sends one chunk per
  // whitespace-led word), the rest of the tag follows later, and nothing ran meanwhile.
  const tokens = PAYLOAD.match(/\s*\S+/g) ?? [];
  const scriptOpen = tokens.findIndex((t) => t.trim() === '<script');
  expect(scriptOpen).toBeGreaterThan(0);
  expect(tokens[scriptOpen + 1]).toMatch(/^\s+>window/);
  await expect
    .poll(async () =>
      Number.parseInt((await card.getByTestId('card-tokens').innerText()).replace(/\D+/g, ''), 10),
    )
    .toBeGreaterThan(scriptOpen);
  await expect(card).toHaveAttribute('data-status', 'streaming');
  await expectInert(page, dialogs);
  await expect(card).toHaveAttribute('data-status', 'completed');
  await expectInert(page, dialogs);
  // The text is shown, as text: the links' labels survive without their targets.
  const content = card.getByTestId('stream-content');
  await expect(content).toContainText('Hello');
  await expect(content).toContainText('Click x or y');
  await expect(content).toContainText('done');

  // The same stream on the streams page and in its detail drawer, rendered and raw.
  const requestId = await card.getAttribute('data-request-id');
  await page.goto(`/streams?goal=${goalId}`);
  // Another run of the payload so the all-streams channel of this fresh page has it.
  const again = await complete(request, { goalId, model: echoModel(0), prompt: PAYLOAD });
  expect(again.content).toBe(PAYLOAD);
  const pageCard = page.locator(`[data-request-id="${again.requestId}"]`);
  await expect(pageCard).toHaveAttribute('data-status', 'completed');
  await expectInert(page, dialogs);
  await pageCard.getByTestId('stream-open').click();
  await expect(page.getByTestId('stream-detail-content')).toContainText('Click x or y');
  await expectInert(page, dialogs);
  await page.getByRole('button', { name: 'Raw' }).click();
  await expect(page.getByTestId('stream-detail-content')).toContainText('<script');
  await expectInert(page, dialogs);
  expect(requestId).not.toBeNull();
});
