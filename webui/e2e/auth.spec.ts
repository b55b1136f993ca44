/**
 * Signing in and out in the browser, and pages opened while signed out. These tests start
 * without the shared session (they sign in and out themselves, so the other tests' session
 * stays valid), except the API keys test, which uses it.
 */
import { expect, test } from '@playwright/test';
import { E2E_USER, SIGNED_OUT, e2ePassword } from './auth-state';
import { screenshot, uniqueId } from './support';

// A trace records what was typed (the password) and the pages (the key's secret): none here.
test.use({ trace: 'off' });

test.describe('signed out', () => {
  test.use({ storageState: SIGNED_OUT });

  test('a page opened while signed out goes to /login and comes back after signing in', async ({
    page,
  }) => {
    await page.goto('/streams?status=completed');
    await expect(page).toHaveURL(/\/login\?next=%2Fstreams%3Fstatus%3Dcompleted$/);
    await expect(page.getByTestId('login-page')).toBeVisible();
    await expect(page.getByTestId('login-username')).toBeVisible();
    await expect(page.getByTestId('connection-status')).toHaveCount(0);
    await screenshot(page, 'login');

    await page.getByTestId('login-username').fill(E2E_USER);
    await page.getByTestId('login-password').fill(e2ePassword());
    await page.getByTestId('login-submit').click();
    await expect(page).toHaveURL(/\/streams\?status=completed$/);
    await expect(page.getByTestId('user-name')).toHaveText(E2E_USER);
  });

  test('the login page refuses a wrong password, signs in, shows the user, signs out', async ({
    page,
  }) => {
    await page.goto('/login');
    await page.getByTestId('login-username').fill(E2E_USER);
    await page.getByTestId('login-password').fill(`wrong-${uniqueId('pw')}`);
    await page.getByTestId('login-submit').click();
    await expect(page.getByTestId('login-error')).toHaveText(/invalid username or password/i);
    await expect(page).toHaveURL(/\/login$/);
    await expect(page.getByTestId('login-password')).toHaveValue('');
    expect((await page.request.get('/api/auth/me')).status()).toBe(401);

    await page.getByTestId('login-password').fill(e2ePassword());
    await page.getByTestId('login-submit').click();
    await expect(page).toHaveURL(/\/$/);
    await expect(page.getByTestId('user-name')).toHaveText(E2E_USER);
    await expect(page.getByTestId('user-role')).toHaveText('admin');
    await expect(page.getByTestId('connection-status')).toHaveAttribute('data-status', 'connected');
    // The session is an HttpOnly cookie scripts cannot read; nothing secret is in storage.
    expect(await page.evaluate(() => document.cookie)).not.toContain('pb_session');
    const stored = await page.evaluate(() =>
      JSON.stringify({ ...localStorage, ...sessionStorage }),
    );
    // Booleans: a failing assertion must not print the password.
    expect(stored.includes(e2ePassword()), 'the password is in web storage').toBe(false);
    expect(stored.toLowerCase().includes('csrf'), 'the CSRF token is in web storage').toBe(false);

    await page.getByTestId('sign-out').click();
    await expect(page).toHaveURL(/\/login$/);
    await expect(page.getByTestId('login-page')).toBeVisible();
    expect((await page.request.get('/api/auth/me')).status()).toBe(401);
    await page.goto('/goals');
    await expect(page).toHaveURL(/\/login\?next=%2Fgoals$/);
  });
});

test('API keys: the secret is shown once, then the key is revoked', async ({ page }) => {
  const name = uniqueId('e2e-key');
  await page.goto('/keys');
  await page.getByTestId('key-name-input').fill(name);
  await page.getByTestId('key-role-select').selectOption('viewer');
  await page.getByTestId('key-expiry-input').fill('1');
  await page.getByTestId('key-create').click();

  const secret = page.getByTestId('key-secret');
  await expect(secret).not.toHaveValue('');
  const value = await secret.inputValue();
  // Booleans: a failing assertion must not print the secret.
  expect(value.startsWith('pb_'), 'the secret starts with pb_').toBe(true);
  await expect(page.getByTestId('key-secret-card')).toContainText('you will not see it again');
  await page.getByTestId('key-secret-done').click();
  await expect(secret).toHaveCount(0);
  expect((await page.locator('#root').innerHTML()).includes(value), 'secret still shown').toBe(
    false,
  );
  expect(
    await page.evaluate(
      (s) =>
        JSON.stringify({ ...localStorage }).includes(s) ||
        JSON.stringify({ ...sessionStorage }).includes(s),
      value,
    ),
  ).toBe(false);

  const row = page.getByTestId('key-row').filter({ hasText: name });
  await expect(row).toHaveAttribute('data-state', 'active');
  await row.getByTestId('key-revoke').click();
  await row.getByTestId('key-revoke-confirm').click();
  // Revoked keys stay listed as revoked (or, on a server that drops them, disappear).
  await expect
    .poll(async () => ((await row.count()) === 0 ? 'gone' : await row.getAttribute('data-state')))
    .toMatch(/revoked|gone/);
});
