/** Helpers shared by the browser tests. */
import { expect, type APIRequestContext, type Locator, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import path from 'node:path';

export const SCREENSHOT_DIR = path.resolve(
  process.env.PONYBUNNY_E2E_OUT ?? '../target',
  'e2e-screenshots',
);

/** Saves a full-page screenshot under target/e2e-screenshots/. */
export async function screenshot(page: Page, name: string, fullPage = true): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  // finished CSS animations: a drawer caught mid fade-in would show the page through it
  await page.screenshot({
    path: path.join(SCREENSHOT_DIR, `${name}.png`),
    fullPage,
    animations: 'disabled',
  });
}

/**
 * A screenshot of one element (a section, a card, a drawer) into the same folder; the sticky top
 * bar, which would cover the element's top once it is scrolled into view, is hidden for it.
 */
export async function screenshotOf(element: Locator, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await element.screenshot({
    path: path.join(SCREENSHOT_DIR, `${name}.png`),
    animations: 'disabled',
    style: '.topbar { visibility: hidden; }',
  });
}

/** A goal id no other test uses. */
export function uniqueId(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}`;
}

/**
 * A simulator model that streams back the prompt's text exactly, at `tps` tokens per second (model
 * names are capped at 300 characters, so long texts travel as the prompt).
 */
export function echoModel(tps: number): string {
  return `sim/x~echo=true~tps=${tps}`;
}

export interface Completion {
  requestId: string;
  content: string;
  tokensUsed?: number;
  outputTokens?: number;
}

const csrfTokens = new WeakMap<APIRequestContext, Promise<string>>();

/**
 * The CSRF token of the session `request` carries (from `GET /api/auth/me`), fetched once per
 * request context. Unsafe API calls the tests make themselves must send it as `X-CSRF-Token`.
 */
export function csrfToken(request: APIRequestContext): Promise<string> {
  let token = csrfTokens.get(request);
  if (!token) {
    token = (async () => {
      const response = await request.get('/api/auth/me');
      expect(response.status(), 'GET /api/auth/me with the stored session').toBe(200);
      const me = (await response.json()) as { csrfToken?: string };
      if (!me.csrfToken) throw new Error('GET /api/auth/me answered without a csrfToken');
      return me.csrfToken;
    })();
    csrfTokens.set(request, token);
  }
  return token;
}

/** Headers for a POST/PUT/PATCH/DELETE through `request`. */
export async function csrfHeaders(request: APIRequestContext): Promise<Record<string, string>> {
  return { 'X-CSRF-Token': await csrfToken(request) };
}

/** POST /api/completions (streamed); resolves when the stream ended. */
export async function complete(
  request: APIRequestContext,
  body: { model: string; goalId: string; prompt?: string },
): Promise<Completion> {
  const response = await request.post('/api/completions', {
    headers: await csrfHeaders(request),
    data: {
      model: body.model,
      goalId: body.goalId,
      stream: true,
      messages: [{ role: 'user', content: body.prompt ?? 'Tell me about streaming' }],
    },
    timeout: 60_000,
  });
  expect(response.status(), await response.text()).toBe(200);
  return (await response.json()) as Completion;
}

/** Records every JavaScript dialog (alert/confirm/prompt) the page opens, and dismisses it. */
export function recordDialogs(page: Page): string[] {
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  return dialogs;
}

/** Collapses whitespace, for comparing rendered text with the text that was sent. */
export function normalize(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** `count` words of deterministic, readable filler text. */
export function words(count: number, seed = 'stream'): string {
  const vocabulary = [
    'tokens',
    'arrive',
    'one',
    'by',
    'one',
    'over',
    'the',
    'socket',
    'and',
    'the',
    'console',
    'renders',
    'each',
    'frame',
    'without',
    'losing',
    'a',
    'single',
    'word',
  ];
  const out: string[] = [];
  for (let i = 0; i < count; i++) out.push(`${vocabulary[i % vocabulary.length]}${i}`);
  return `${seed} ${out.join(' ')}`;
}

/** Resolves after the page painted twice more (the stream store publishes once per frame). */
export async function afterNextPaint(page: Page): Promise<void> {
  await page.evaluate(
    () =>
      new Promise<void>((resolve) =>
        requestAnimationFrame(() => requestAnimationFrame(() => resolve())),
      ),
  );
}
