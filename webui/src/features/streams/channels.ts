/**
 * Registry of live stream channels (one store + one socket per WebSocket path),
 * shared between pages and reference counted so navigation does not churn connections.
 */
import { createStreamStore, type StreamStore } from './stream-store';
import { StreamSocket, type AuthFailureReason, type ConnectionStatus } from './stream-socket';

export const ALL_STREAMS_PATH = '/ws/streams';

export function goalChannelPath(goalId: string): string {
  return `/ws/goals/${encodeURIComponent(goalId)}`;
}

export interface Channel {
  readonly path: string;
  readonly store: StreamStore;
  readonly socket: StreamSocket;
}

interface Entry {
  channel: Channel;
  refs: number;
  stopTimer: ReturnType<typeof setTimeout> | null;
  unsubscribeStatus: () => void;
}

/** How long an unused channel stays connected (quick navigation reuses it). */
const RELEASE_GRACE_MS = 5_000;

const entries = new Map<string, Entry>();
let authFailureHandler: ((reason: AuthFailureReason) => void) | null = null;

/**
 * Sets what happens when a channel's socket may have been refused for its identity (close
 * 1008, handshakes failing before open): the app re-checks the session.
 */
export function setChannelAuthFailureHandler(
  handler: ((reason: AuthFailureReason) => void) | null,
): void {
  authFailureHandler = handler;
}

const listeners = new Set<() => void>();
let onlineListenerInstalled = false;

function emit(): void {
  for (const listener of [...listeners]) listener();
}

function installOnlineListener(): void {
  if (onlineListenerInstalled || typeof window === 'undefined') return;
  onlineListenerInstalled = true;
  window.addEventListener('online', () => {
    for (const entry of entries.values()) entry.channel.socket.reconnectNow();
  });
}

function entryFor(channel: Channel): Entry {
  let entry = entries.get(channel.path);
  if (!entry || entry.channel !== channel) {
    entry = {
      channel,
      refs: 0,
      stopTimer: null,
      unsubscribeStatus: channel.socket.subscribeStatus(emit),
    };
    entries.set(channel.path, entry);
    emit();
  }
  return entry;
}

/** Returns the channel for `path`, creating it (not yet connected) when needed. */
export function getChannel(path: string): Channel {
  const existing = entries.get(path);
  if (existing) return existing.channel;
  const store = createStreamStore();
  const socket = new StreamSocket({
    path,
    store,
    onAuthFailure: (reason) => authFailureHandler?.(reason),
  });
  const channel: Channel = { path, store, socket };
  entryFor(channel);
  return channel;
}

/** Connects the channel now (idempotent); it stays up while retained. */
export function startChannel(channel: Channel): void {
  installOnlineListener();
  const entry = entryFor(channel);
  if (entry.stopTimer !== null) {
    clearTimeout(entry.stopTimer);
    entry.stopTimer = null;
  }
  channel.socket.start();
}

/** Retains and starts a channel; the returned function releases it. */
export function retainChannel(channel: Channel): () => void {
  const entry = entryFor(channel);
  entry.refs++;
  startChannel(channel);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    entry.refs--;
    if (entry.refs > 0) return;
    if (entry.stopTimer !== null) clearTimeout(entry.stopTimer);
    entry.stopTimer = setTimeout(() => {
      entry.stopTimer = null;
      if (entry.refs > 0) return;
      channel.socket.stop();
      entry.unsubscribeStatus();
      if (entries.get(channel.path) === entry) entries.delete(channel.path);
      emit();
    }, RELEASE_GRACE_MS);
  };
}

/** Worst status among open channels: reconnecting beats offline beats connected. */
export function aggregateStatus(): ConnectionStatus {
  let sawConnected = false;
  let sawOffline = false;
  for (const { channel } of entries.values()) {
    const status = channel.socket.status;
    if (status === 'reconnecting') return 'reconnecting';
    if (status === 'offline') sawOffline = true;
    if (status === 'connected') sawConnected = true;
  }
  if (sawOffline || !sawConnected) return 'offline';
  return 'connected';
}

export function subscribeChannels(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Stops and forgets every channel (tests). */
export function resetChannels(): void {
  for (const entry of entries.values()) {
    if (entry.stopTimer !== null) clearTimeout(entry.stopTimer);
    entry.unsubscribeStatus();
    entry.channel.socket.stop();
  }
  entries.clear();
  emit();
}
