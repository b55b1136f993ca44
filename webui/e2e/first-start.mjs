/**
 * The first-start link in Chromium, run by FirstStartIT (a fresh server that printed the link):
 * follows the link, chooses the admin's password on the account page, and checks that the
 * console then works signed in. Usage: node e2e/first-start.mjs <link> <password> <screenshot>
 */
import { chromium } from '@playwright/test';

const [link, password, screenshotPath] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
try {
  const page = await browser.newPage();
  await page.goto(link);
  await page.waitForURL(/\/account\?firstStart=1$/);
  await page.getByTestId('first-start-note').waitFor();
  await page.getByTestId('password-newPassword').fill(password);
  await page.getByTestId('password-confirm').fill(password);
  await page.getByTestId('password-submit').click();
  await page.getByTestId('password-saved').waitFor();
  await page.goto(new URL('/', link).toString());
  await page.locator('[data-testid="connection-status"][data-status="connected"]').waitFor();
  const user = await page.getByTestId('user-name').textContent();
  if (user !== 'admin') throw new Error(`signed in as ${user}, not admin`);
  await page.screenshot({ path: screenshotPath, fullPage: true });
} finally {
  await browser.close();
}
