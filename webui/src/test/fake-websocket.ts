import { afterEach, beforeEach, vi } from 'vitest';
import { resetChannels } from '../features/streams/channels';
import type { WebSocketLike } from '../features/streams/stream-socket';

/** Minimal in-memory WebSocket for tests (driven by the test: open, send, drop). */
export class FakeWebSocket implements WebSocketLike {
  static instances: FakeWebSocket[] = [];
  readyState = 0;
  onopen: ((ev: Event) => unknown) | null = null;
  onclose: ((ev: CloseEvent) => unknown) | null = null;
  onerror: ((ev: Event) => unknown) | null = null;
  onmessage: ((ev: MessageEvent) => unknown) | null = null;
  closedWith: { code?: number; reason?: string } | null = null;

  constructor(readonly url: string) {
    FakeWebSocket.instances.push(this);
  }

  static find(pathSuffix: string): FakeWebSocket | undefined {
    return [...FakeWebSocket.instances].reverse().find((ws) => ws.url.includes(pathSuffix));
  }

  open(): void {
    this.readyState = 1;
    this.onopen?.(new Event('open'));
  }

  send(frame: unknown): void {
    const data = typeof frame === 'string' ? frame : JSON.stringify(frame);
    this.onmessage?.(new MessageEvent('message', { data }));
  }

  drop(code = 1006): void {
    this.readyState = 3;
    this.onclose?.(new CloseEvent('close', { code }));
  }

  close(code?: number, reason?: string): void {
    this.closedWith = { code, reason };
    this.readyState = 3;
  }
}

/**
 * Makes {@link FakeWebSocket} the global `WebSocket` for every test of the calling file (no sockets
 * left from the test before), and resets the shared channels and unstubs the globals after each.
 */
export function installFakeWebSockets(): void {
  beforeEach(() => {
    FakeWebSocket.instances = [];
    vi.stubGlobal('WebSocket', FakeWebSocket);
  });
  afterEach(() => {
    resetChannels();
    vi.unstubAllGlobals();
  });
}
