/**
 * The console's browser test against the cluster (e2e/cluster): the same browser, sign-in and
 * reports as playwright.config.ts, run by the Java IT io.ponybunny.cluster.ClusterConsoleIT while
 * three servers run behind HAProxy. The IT passes HAProxy's URL in PONYBUNNY_BASE_URL, the nodes,
 * their Liberty installation and HAProxy's admin socket (see e2e/cluster/cluster.ts), and an output
 * directory of its own in PONYBUNNY_E2E_OUT, so the single-server run's report is left alone.
 */
import { defineConfig } from '@playwright/test';
import base from './playwright.config';

export default defineConfig({
  ...base,
  testDir: './e2e/cluster',
  testIgnore: [],
  // A node is killed and the stream waits for the console's socket to come back.
  timeout: 120_000,
});
