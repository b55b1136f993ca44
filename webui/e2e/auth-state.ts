/**
 * The signed-in session the browser tests share: global-setup.ts signs in once through
 * `POST /api/auth/login` and keeps the session cookie in a storageState file under the output
 * directory; every test's page and `request` start with it (playwright.config.ts).
 */
import path from 'node:path';

/** The admin Maven starts the server with (`PONYBUNNY_E2E_USER`, default `admin`). */
export const E2E_USER = process.env.PONYBUNNY_E2E_USER || 'admin';

/** Session cookie of {@link E2E_USER} (written by global-setup.ts). */
export const STORAGE_STATE = path.resolve(
  process.env.PONYBUNNY_E2E_OUT ?? '../target',
  'e2e-auth',
  'storage-state.json',
);

/** A context with nobody signed in. */
export const SIGNED_OUT = { cookies: [], origins: [] };

/** `PONYBUNNY_E2E_PASSWORD`; never printed. */
export function e2ePassword(): string {
  const password = process.env.PONYBUNNY_E2E_PASSWORD;
  if (!password) {
    throw new Error(
      'PONYBUNNY_E2E_PASSWORD is not set: the browser tests sign in as ' +
        `${E2E_USER} (PONYBUNNY_E2E_USER) with it`,
    );
  }
  return password;
}
