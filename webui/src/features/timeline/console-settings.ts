/**
 * The console's server-side settings (`GET /api/console/settings`), fetched once per page load
 * and shared; the defaults stand in until they arrive, and for good when the call fails.
 */
import { useSyncExternalStore } from 'react';
import { getJson } from '../../lib/api';
import { createListenerSet } from '../streams/listener-set';
import { MAX_ARRIVALS } from './timeline';

export interface ConsoleSettings {
  /** A streaming stream silent for longer than this counts as stalled. */
  readonly stallAfterMs: number;
  /** Timing groups the server keeps per stream at most. */
  readonly timingsMaxChunks: number;
}

export const DEFAULT_CONSOLE_SETTINGS: ConsoleSettings = {
  stallAfterMs: 5_000,
  timingsMaxChunks: MAX_ARRIVALS,
};

function positive(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fallback;
}

/** The settings from a response body, defaults for anything missing or malformed. */
export function toConsoleSettings(body: unknown): ConsoleSettings {
  const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  return {
    stallAfterMs: positive(b.stallAfterMs, DEFAULT_CONSOLE_SETTINGS.stallAfterMs),
    timingsMaxChunks: positive(b.timingsMaxChunks, DEFAULT_CONSOLE_SETTINGS.timingsMaxChunks),
  };
}

let settings: ConsoleSettings = DEFAULT_CONSOLE_SETTINGS;
let requested = false;
const listeners = createListenerSet<[]>();

/** Fetches the settings the first time it is called; later calls do nothing. */
export function loadConsoleSettings(): void {
  if (requested) return;
  requested = true;
  getJson<unknown>('/api/console/settings', {
    action: 'read the console settings',
    authRedirect: false,
  }).then(
    (body) => {
      settings = toConsoleSettings(body);
      listeners.notify();
    },
    () => {
      // Keep the defaults (an older server has no settings).
    },
  );
}

export function getConsoleSettings(): ConsoleSettings {
  return settings;
}

function subscribe(listener: () => void): () => void {
  loadConsoleSettings();
  return listeners.add(listener);
}

/** The console settings (defaults until the server's arrive). */
export function useConsoleSettings(): ConsoleSettings {
  return useSyncExternalStore(subscribe, getConsoleSettings);
}

/** Forgets the fetched settings (tests). */
export function resetConsoleSettings(): void {
  settings = DEFAULT_CONSOLE_SETTINGS;
  requested = false;
}
