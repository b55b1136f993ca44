/**
 * WebSocket client for one stream channel (`/ws/streams` or `/ws/goals/{goalId}`).
 *
 * Feeds frames to a {@link StreamStore}, reconnects with exponential backoff and jitter
 * (0.5 s doubling to a 10 s cap, reset on success) and resumes with `?epoch=E&since=S`.
 * The socket is authenticated by the session cookie: a close 1008 (session ended or access
 * refused) backs off to the cap at once and reports an auth failure, and so does every
 * {@link HANDSHAKE_FAILURES_BEFORE_AUTH_CHECK}th connection in a row that closed before opening
 * (a handshake refused with HTTP 401 looks like that: 1006 before open).
 */
import { parseServerFrame } from './wire-types';
import type { StreamStore } from './stream-store';

export type ConnectionStatus = 'connected' | 'reconnecting' | 'offline';

/** The subset of the browser WebSocket the client uses (lets tests pass a fake). */
export interface WebSocketLike {
  readonly readyState: number;
  onopen: ((ev: Event) => unknown) | null;
  onclose: ((ev: CloseEvent) => unknown) | null;
  onerror: ((ev: Event) => unknown) | null;
  onmessage: ((ev: MessageEvent) => unknown) | null;
  close(code?: number, reason?: string): void;
}

export type WebSocketFactory = (url: string) => WebSocketLike;

export interface LocationLike {
  protocol: string;
  host: string;
}

export interface StreamSocketOptions {
  /** Channel path, e.g. `/ws/streams`. */
  path: string;
  store: StreamStore;
  createSocket?: WebSocketFactory;
  location?: LocationLike;
  /** Random source in [0, 1) for jitter. */
  random?: () => number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Consecutive failed attempts after which the status reads `offline` (still retrying). */
  offlineAfter?: number;
  /**
   * Called when the server may have refused the identity (close 1008, or repeated closes
   * before opening): the app re-checks the session and goes to the sign-in page on 401.
   */
  onAuthFailure?: (reason: AuthFailureReason) => void;
}

/** `policy`: closed with 1008; `handshake`: several connections closed before opening. */
export type AuthFailureReason = 'policy' | 'handshake';

/** Close code of a session that ended or of access refused (RFC 6455 policy violation). */
export const POLICY_VIOLATION_CLOSE_CODE = 1008;
/** Connections in a row closed before opening after which the session is re-checked. */
export const HANDSHAKE_FAILURES_BEFORE_AUTH_CHECK = 3;

export const BASE_DELAY_MS = 500;
export const MAX_DELAY_MS = 10_000;

/**
 * Backoff delay for the given attempt (0-based): nominal `base * 2^attempt` capped at `max`,
 * with "equal jitter": a uniformly random value in [nominal / 2, nominal].
 */
export function backoffDelay(
  attempt: number,
  random: () => number = Math.random,
  base = BASE_DELAY_MS,
  max = MAX_DELAY_MS,
): number {
  const nominal = Math.min(max, base * 2 ** Math.min(Math.max(0, attempt), 30));
  const r = Math.min(Math.max(random(), 0), 1);
  return Math.round(nominal / 2 + (nominal / 2) * r);
}

/** Builds `ws(s)://host/path[?epoch=E&since=S]` from the page location. */
export function buildSocketUrl(
  path: string,
  location: LocationLike,
  resume: { epoch?: string; since?: number } = {},
): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const params = new URLSearchParams();
  if (resume.epoch !== undefined) params.set('epoch', resume.epoch);
  if (resume.since !== undefined) params.set('since', String(resume.since));
  const query = params.toString();
  return `${scheme}//${location.host}${path}${query ? `?${query}` : ''}`;
}

const OPEN = 1;
/** Custom close code used when the client drops a connection to resync. */
export const RESYNC_CLOSE_CODE = 4000;

export class StreamSocket {
  readonly path: string;
  readonly store: StreamStore;
  private readonly createSocket: WebSocketFactory;
  private readonly location: LocationLike;
  private readonly random: () => number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly offlineAfter: number;
  private readonly onAuthFailure?: (reason: AuthFailureReason) => void;

  private ws: WebSocketLike | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private attempt = 0;
  private failures = 0;
  /** Consecutive connections that closed before they opened. */
  private preOpenFailures = 0;
  /** Consecutive gap-triggered reconnects shortly after opening (backs off repeated gaps). */
  private gapStreak = 0;
  private lastOpenAt = 0;
  private running = false;
  private statusValue: ConnectionStatus = 'offline';
  private readonly statusListeners = new Set<(status: ConnectionStatus) => void>();
  private readonly openWaiters = new Set<() => void>();
  private unsubscribeResync: (() => void) | null = null;
  /** URLs of every connection attempt (diagnostics and tests). */
  readonly connectUrls: string[] = [];
  /** Delays of every scheduled reconnect (diagnostics and tests). */
  readonly scheduledDelays: number[] = [];

  constructor(options: StreamSocketOptions) {
    this.path = options.path;
    this.store = options.store;
    this.createSocket = options.createSocket ?? ((url) => new WebSocket(url));
    this.location = options.location ?? window.location;
    this.random = options.random ?? Math.random;
    this.baseDelayMs = options.baseDelayMs ?? BASE_DELAY_MS;
    this.maxDelayMs = options.maxDelayMs ?? MAX_DELAY_MS;
    this.offlineAfter = options.offlineAfter ?? 4;
    this.onAuthFailure = options.onAuthFailure;
  }

  get status(): ConnectionStatus {
    return this.statusValue;
  }

  get isOpen(): boolean {
    return this.ws !== null && this.ws.readyState === OPEN && this.statusValue === 'connected';
  }

  subscribeStatus(listener: (status: ConnectionStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  /** Starts connecting (idempotent). */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.unsubscribeResync = this.store.onResync((reason) => this.resync(reason));
    this.setStatus('reconnecting');
    this.connect();
  }

  /** Closes the connection and stops reconnecting. */
  stop(): void {
    this.running = false;
    this.unsubscribeResync?.();
    this.unsubscribeResync = null;
    this.clearTimer();
    const ws = this.ws;
    this.ws = null;
    if (ws) {
      this.detach(ws);
      ws.close(1000, 'client closed');
    }
    this.setStatus('offline');
    this.releaseWaiters();
  }

  /** Resolves true once connected, or false after `timeoutMs`. */
  whenConnected(timeoutMs: number): Promise<boolean> {
    if (this.isOpen) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.openWaiters.delete(done);
        resolve(this.isOpen);
      };
      const timer = setTimeout(done, timeoutMs);
      this.openWaiters.add(done);
    });
  }

  /** Connects again immediately (e.g. when the browser comes back online). */
  reconnectNow(): void {
    if (!this.running || this.isOpen) return;
    this.clearTimer();
    this.dropSocket();
    this.connect();
  }

  private connect(): void {
    if (!this.running) return;
    const url = buildSocketUrl(this.path, this.location, this.store.resumePoint());
    this.connectUrls.push(url);
    let ws: WebSocketLike;
    try {
      ws = this.createSocket(url);
    } catch (err) {
      console.error(`WebSocket ${this.path}: cannot connect`, err);
      this.scheduleReconnect();
      return;
    }
    this.ws = ws;
    let opened = false;
    ws.onopen = () => {
      if (this.ws !== ws) return;
      opened = true;
      this.attempt = 0;
      this.failures = 0;
      this.preOpenFailures = 0;
      this.lastOpenAt = Date.now();
      this.store.clearResync();
      this.setStatus('connected');
      this.releaseWaiters();
    };
    ws.onmessage = (ev: MessageEvent) => {
      if (this.ws !== ws) return;
      this.handleMessage(ev.data);
    };
    ws.onerror = () => {
      // The close event follows; nothing to do here.
    };
    ws.onclose = (ev: CloseEvent) => {
      if (this.ws !== ws) return;
      this.detach(ws);
      this.ws = null;
      this.failures++;
      let authFailure: AuthFailureReason | null = null;
      if (ev?.code === POLICY_VIOLATION_CLOSE_CODE) {
        // No tight loop: straight to the longest delay until the session is sorted out.
        this.attempt = Math.max(this.attempt, this.capAttempt());
        authFailure = 'policy';
      } else if (!opened) {
        this.preOpenFailures++;
        if (this.preOpenFailures % HANDSHAKE_FAILURES_BEFORE_AUTH_CHECK === 0) {
          authFailure = 'handshake';
        }
      }
      this.scheduleReconnect();
      if (authFailure) this.reportAuthFailure(authFailure);
    };
  }

  private handleMessage(data: unknown): void {
    if (typeof data !== 'string') {
      console.warn(`WebSocket ${this.path}: ignoring non-text frame`);
      return;
    }
    let frame;
    try {
      frame = parseServerFrame(data);
    } catch (err) {
      console.warn(`WebSocket ${this.path}: ignoring malformed frame`, err);
      return;
    }
    try {
      this.store.handleFrame(frame);
    } catch (err) {
      console.error(`WebSocket ${this.path}: failed to apply frame`, err);
    }
  }

  /** The first attempt whose nominal delay reaches the cap. */
  private capAttempt(): number {
    return Math.max(0, Math.ceil(Math.log2(this.maxDelayMs / this.baseDelayMs)));
  }

  private reportAuthFailure(reason: AuthFailureReason): void {
    try {
      this.onAuthFailure?.(reason);
    } catch (err) {
      console.error(`WebSocket ${this.path}: auth failure handler failed`, err);
    }
  }

  /** Store reported a gap: drop the connection and reconnect with resume. */
  private resync(reason: string): void {
    if (!this.running) return;
    console.info(`WebSocket ${this.path}: resync (${reason})`);
    this.gapStreak = Date.now() - this.lastOpenAt < 5_000 ? this.gapStreak + 1 : 1;
    this.attempt = Math.max(this.attempt, this.gapStreak - 1);
    this.dropSocket();
    this.scheduleReconnect();
  }

  private dropSocket(): void {
    const ws = this.ws;
    this.ws = null;
    if (ws) {
      this.detach(ws);
      try {
        ws.close(RESYNC_CLOSE_CODE, 'resync');
      } catch {
        // ignore
      }
    }
  }

  private scheduleReconnect(): void {
    if (!this.running) return;
    this.clearTimer();
    const delay = backoffDelay(this.attempt, this.random, this.baseDelayMs, this.maxDelayMs);
    this.attempt++;
    this.scheduledDelays.push(delay);
    const offline =
      this.failures >= this.offlineAfter ||
      (typeof navigator !== 'undefined' && navigator.onLine === false);
    this.setStatus(offline ? 'offline' : 'reconnecting');
    this.timer = setTimeout(() => {
      this.timer = null;
      this.connect();
    }, delay);
  }

  private clearTimer(): void {
    if (this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
    }
  }

  private detach(ws: WebSocketLike): void {
    ws.onopen = null;
    ws.onmessage = null;
    ws.onerror = null;
    ws.onclose = null;
  }

  private setStatus(status: ConnectionStatus): void {
    if (status === this.statusValue) return;
    this.statusValue = status;
    for (const listener of [...this.statusListeners]) listener(status);
  }

  private releaseWaiters(): void {
    for (const waiter of [...this.openWaiters]) waiter();
  }
}
