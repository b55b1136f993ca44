/** Signs in once as the e2e admin and keeps the session cookie for every test. */
import { request, type FullConfig } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { E2E_USER, STORAGE_STATE, e2ePassword } from './auth-state';

export default async function globalSetup(config: FullConfig): Promise<void> {
  const baseURL = config.projects[0]?.use.baseURL;
  const context = await request.newContext({ baseURL });
  try {
    const response = await context.post('/api/auth/login', {
      data: { username: E2E_USER, password: e2ePassword() },
    });
    if (response.status() !== 200) {
      // The body is a problem JSON (no secret in it); the password is never printed.
      throw new Error(
        `signing in as ${E2E_USER} failed: HTTP ${response.status()} ${await response.text()}`,
      );
    }
    mkdirSync(path.dirname(STORAGE_STATE), { recursive: true });
    await context.storageState({ path: STORAGE_STATE });
  } finally {
    await context.dispose();
  }
}
