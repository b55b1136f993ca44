/**
 * Browser tests against a running PonyBunny server (Maven starts Liberty and passes its URL in
 * PONYBUNNY_BASE_URL). Debian's Chromium, headless; Playwright's own browser download is not
 * needed (and not possible on a closed network). Every test runs signed in as the e2e admin
 * (PONYBUNNY_E2E_USER / PONYBUNNY_E2E_PASSWORD): global-setup.ts signs in once and keeps the
 * session cookie in a storageState file.
 */
import { defineConfig } from '@playwright/test';
import { STORAGE_STATE } from './e2e/auth-state';

const baseURL = process.env.PONYBUNNY_BASE_URL ?? 'http://localhost:9080';
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Artifacts go to Maven's target/ (screenshots, traces of failures, JUnit report). */
const target = process.env.PONYBUNNY_E2E_OUT ?? '../target';

export default defineConfig({
  testDir: './e2e',
  // The cluster's test runs against three servers behind HAProxy (playwright.cluster.config.ts).
  testIgnore: '**/e2e/cluster/**',
  globalSetup: './e2e/global-setup.ts',
  outputDir: `${target}/e2e-results`,
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  forbidOnly: true,
  reporter: [
    ['list'],
    ['json', { outputFile: `${target}/e2e-report/report.json` }],
    ['junit', { outputFile: `${target}/e2e-report/junit.xml` }],
  ],
  use: {
    baseURL,
    storageState: STORAGE_STATE,
    headless: true,
    viewport: { width: 1440, height: 900 },
    colorScheme: 'light',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
  },
});
