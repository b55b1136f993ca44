/**
 * Single sign-on in the browser against the real OpenID Connect provider the build starts (a
 * second Liberty server with openidConnectServer, src/test/liberty/oidc-op): the login page's
 * single sign-on button, the provider's form, and back to the page asked for, signed in with the
 * provider's user and the role its groups map to.
 */
import { expect, test } from '@playwright/test';
import { SIGNED_OUT } from './auth-state';
import { screenshot } from './support';

test.use({ storageState: SIGNED_OUT, trace: 'off' });

test('single sign-on: the provider signs an operator in and the console comes back to the page', async ({
  page,
}) => {
  await page.goto('/goals');
  await expect(page).toHaveURL(/\/login\?next=%2Fgoals$/);
  await page.getByTestId('login-sso').click();
  // The provider's login form (test-only users: src/test/liberty/oidc-op/README.md).
  await expect(page).toHaveURL(/localhost:9180\//);
  await page.locator('#j_username').fill('oidc-operator');
  await page.locator('#j_password').fill('oidc-operator-pass-1');
  await page.locator('#login_submit').click();
  await expect(page).toHaveURL(/localhost:9080\/goals$/);
  await expect(page.getByTestId('user-name')).toHaveText('oidc-operator');
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-status', 'connected');
  await screenshot(page, 'sso-signed-in');
  // An operator: may create goals, may not manage users.
  await expect(page.getByRole('link', { name: 'Users' })).toHaveCount(0);
});

test('single sign-on refuses a provider user without a PonyBunny role', async ({ page }) => {
  await page.goto('/login');
  await page.getByTestId('login-sso').click();
  await page.locator('#j_username').fill('oidc-nobody');
  await page.locator('#j_password').fill('oidc-nobody-pass-1');
  await page.locator('#login_submit').click();
  await expect(page).toHaveURL(/\/login\?error=sso$/);
  await expect(page.getByTestId('login-notice')).toBeVisible();
});
