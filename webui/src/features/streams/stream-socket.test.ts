import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createStreamStore, type StreamStore } from './stream-store';
import {
  RESYNC_CLOSE_CODE,
  StreamSocket,
  type AuthFailureReason,
  backoffDelay,
  buildSocketUrl,
  type WebSocketLike,
} from './stream-socket';

class FakeWebSocket implements WebSocketLike {
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

  static get last(): FakeWebSocket {
    return FakeWebSocket.instances[FakeWebSocket.instances.length - 1];
  }

  open(): void {
    this.readyState = 1;
    this.onopen?.(new Event('open'));
  }

  send(frame: unknown): void {
    const data = typeof frame === 'string' ? frame : JSON.stringify(frame);
    this.onmessage?.(new MessageEvent('message', { data }));
  }

  /** Server-side / network close. */
  drop(code = 1006): void {
    this.readyState = 3;
    this.onclose?.(new CloseEvent('close', { code }));
  }

  close(code?: number, reason?: string): void {
    this.closedWith = { code, reason };
    this.readyState = 3;
  }
}

const LOCATION = { protocol: 'http:', host: 'console.test:9080' };

function makeSocket(
  store: StreamStore = createStreamStore({ schedule: () => {} }),
  random = 1,
  onAuthFailure?: (reason: AuthFailureReason) => void,
) {
  return new StreamSocket({
    path: '/ws/goals/demo',
    store,
    location: LOCATION,
    createSocket: (url) => new FakeWebSocket(url),
    random: () => random,
    onAuthFailure,
  });
}

beforeEach(() => {
  FakeWebSocket.instances = [];
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('backoffDelay', () => {
  it('doubles from 0.5 s to a 10 s cap, with jitter within [nominal/2, nominal]', () => {
    const nominal = [500, 1_000, 2_000, 4_000, 8_000, 10_000, 10_000, 10_000];
    nominal.forEach((n, attempt) => {
      expect(backoffDelay(attempt, () => 0)).toBe(n / 2);
      expect(backoffDelay(attempt, () => 0.999999)).toBe(n);
      for (let i = 0; i < 50; i++) {
        const d = backoffDelay(attempt);
        expect(d).toBeGreaterThanOrEqual(n / 2);
        expect(d).toBeLessThanOrEqual(n);
      }
    });
    expect(backoffDelay(1_000, () => 1)).toBe(10_000);
  });
});

describe('buildSocketUrl', () => {
  it('matches the page scheme and appends resume parameters', () => {
    expect(buildSocketUrl('/ws/streams', { protocol: 'http:', host: 'h:1' })).toBe(
      'ws://h:1/ws/streams',
    );
    expect(
      buildSocketUrl('/ws/streams', { protocol: 'https:', host: 'h' }, { epoch: 'a b', since: 7 }),
    ).toBe('wss://h/ws/streams?epoch=a+b&since=7');
  });
});

describe('StreamSocket', () => {
  it('connects, reports status and feeds frames to the store', () => {
    const store = createStreamStore({ schedule: () => {} });
    const socket = makeSocket(store);
    const statuses: string[] = [];
    socket.subscribeStatus((s) => statuses.push(s));
    socket.start();
    expect(socket.status).toBe('reconnecting');
    expect(FakeWebSocket.last.url).toBe('ws://console.test:9080/ws/goals/demo');
    FakeWebSocket.last.open();
    expect(socket.status).toBe('connected');
    FakeWebSocket.last.send({
      type: 'event',
      event: 'llm.stream.start',
      epoch: 'E',
      seq: 1,
      data: { requestId: 'r1', model: 'm', timestamp: 1 },
    });
    store.flush();
    expect(store.getState().streams.map((s) => s.requestId)).toEqual(['r1']);
    socket.stop();
    expect(socket.status).toBe('offline');
    expect(statuses).toEqual(['reconnecting', 'connected', 'offline']);
  });

  it('reconnects with exponential backoff bounded by the cap and resets on success', () => {
    const socket = makeSocket(undefined, 0.999999);
    socket.start();
    // Seven failed attempts in a row.
    for (let i = 0; i < 7; i++) {
      const ws = FakeWebSocket.last;
      ws.drop();
      const delay = socket.scheduledDelays[socket.scheduledDelays.length - 1];
      vi.advanceTimersByTime(delay - 1);
      expect(FakeWebSocket.last).toBe(ws); // not yet
      vi.advanceTimersByTime(1);
      expect(FakeWebSocket.last).not.toBe(ws);
    }
    expect(socket.scheduledDelays).toEqual([500, 1_000, 2_000, 4_000, 8_000, 10_000, 10_000]);
    expect(socket.status).toBe('offline'); // many failures: offline, still retrying
    // Success resets the backoff.
    FakeWebSocket.last.open();
    expect(socket.status).toBe('connected');
    FakeWebSocket.last.drop();
    expect(socket.status).toBe('reconnecting');
    expect(socket.scheduledDelays[socket.scheduledDelays.length - 1]).toBe(500);
    socket.stop();
  });

  it('reconnect URLs carry epoch and since from the store', () => {
    const socket = makeSocket();
    socket.start();
    FakeWebSocket.last.open();
    FakeWebSocket.last.send({ type: 'snapshot', epoch: 'E7', seq: 40, streams: [] });
    FakeWebSocket.last.send({
      type: 'event',
      event: 'goal.status',
      epoch: 'E7',
      seq: 41,
      data: {},
    });
    FakeWebSocket.last.drop();
    vi.advanceTimersByTime(10_000);
    expect(FakeWebSocket.instances).toHaveLength(2);
    expect(FakeWebSocket.last.url).toBe('ws://console.test:9080/ws/goals/demo?epoch=E7&since=41');
    socket.stop();
  });

  it('on a store-reported gap closes and reconnects with resume', () => {
    const store = createStreamStore({ schedule: () => {} });
    const socket = makeSocket(store, 0);
    vi.spyOn(console, 'info').mockImplementation(() => {});
    socket.start();
    const first = FakeWebSocket.last;
    first.open();
    first.send({
      type: 'event',
      event: 'llm.stream.start',
      epoch: 'E1',
      seq: 1,
      data: { requestId: 'r', model: 'm', timestamp: 1 },
    });
    first.send({
      type: 'event',
      event: 'llm.stream.chunk',
      epoch: 'E1',
      seq: 3, // seq 2 missing
      data: { requestId: 'r', chunk: 'x', index: 0, timestamp: 2 },
    });
    expect(first.closedWith?.code).toBe(RESYNC_CLOSE_CODE);
    expect(socket.status).toBe('reconnecting');
    vi.advanceTimersByTime(250);
    expect(FakeWebSocket.instances).toHaveLength(2);
    const second = FakeWebSocket.last;
    expect(second.url).toBe('ws://console.test:9080/ws/goals/demo?epoch=E1&since=1');
    // Messages from the dropped connection are ignored.
    first.onmessage?.(new MessageEvent('message', { data: '{}' }));
    second.open();
    expect(store.resyncNeeded).toBe(false);
    second.send({
      type: 'batch',
      events: [
        {
          type: 'event',
          event: 'llm.stream.chunk',
          epoch: 'E1',
          seq: 2,
          data: { requestId: 'r', chunk: 'a', index: 0, timestamp: 2 },
        },
        {
          type: 'event',
          event: 'llm.stream.chunk',
          epoch: 'E1',
          seq: 3,
          data: { requestId: 'r', chunk: 'b', index: 1, timestamp: 2 },
        },
      ],
    });
    store.flush();
    expect(store.getState().streams[0].content).toBe('ab');
    socket.stop();
  });

  it('backs off repeated gaps that happen right after reconnecting', () => {
    const store = createStreamStore({ schedule: () => {} });
    const socket = makeSocket(store, 0.999999);
    vi.spyOn(console, 'info').mockImplementation(() => {});
    socket.start();
    const gapFrame = {
      type: 'event',
      event: 'llm.stream.chunk',
      data: { requestId: 'r', chunk: 'x', index: 5, timestamp: 2 },
    };
    for (let i = 0; i < 4; i++) {
      FakeWebSocket.last.open();
      FakeWebSocket.last.send(gapFrame);
      vi.advanceTimersByTime(socket.scheduledDelays[socket.scheduledDelays.length - 1]);
    }
    expect(socket.scheduledDelays).toEqual([500, 1_000, 2_000, 4_000]);
    socket.stop();
  });

  it('ignores malformed frames without crashing', () => {
    const store = createStreamStore({ schedule: () => {} });
    const socket = makeSocket(store);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    socket.start();
    FakeWebSocket.last.open();
    FakeWebSocket.last.send('not json');
    FakeWebSocket.last.send('{"type":"mystery"}');
    FakeWebSocket.last.send('[1,2]');
    FakeWebSocket.last.onmessage?.(new MessageEvent('message', { data: new ArrayBuffer(2) }));
    FakeWebSocket.last.send({
      type: 'event',
      event: 'llm.stream.start',
      data: { requestId: 'ok', model: 'm', timestamp: 1 },
    });
    store.flush();
    expect(warn).toHaveBeenCalledTimes(4);
    expect(socket.status).toBe('connected');
    expect(store.getState().streams.map((s) => s.requestId)).toEqual(['ok']);
    socket.stop();
  });

  it('a close 1008 (session ended, access refused) backs off to the cap and reports it', () => {
    const failures: AuthFailureReason[] = [];
    const socket = makeSocket(undefined, 0.999999, (r) => failures.push(r));
    socket.start();
    FakeWebSocket.last.open();
    FakeWebSocket.last.drop(1008);
    expect(failures).toEqual(['policy']);
    expect(socket.scheduledDelays).toEqual([10_000]); // not 500 ms: no tight loop
    vi.advanceTimersByTime(9_999);
    expect(FakeWebSocket.instances).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(FakeWebSocket.instances).toHaveLength(2);
    // Refused again at once: still the cap.
    FakeWebSocket.last.drop(1008);
    expect(socket.scheduledDelays).toEqual([10_000, 10_000]);
    expect(failures).toEqual(['policy', 'policy']);
    socket.stop();
  });

  it('reports every third connection in a row closed before opening (handshake 401)', () => {
    const failures: AuthFailureReason[] = [];
    const socket = makeSocket(undefined, 0, (r) => failures.push(r));
    socket.start();
    for (let i = 0; i < 7; i++) {
      FakeWebSocket.last.drop(1006);
      if (i === 1) expect(failures).toEqual([]);
      vi.advanceTimersByTime(socket.scheduledDelays[socket.scheduledDelays.length - 1]);
    }
    expect(failures).toEqual(['handshake', 'handshake']);
    // A connection that opened resets the count.
    FakeWebSocket.last.open();
    FakeWebSocket.last.drop(1006);
    vi.advanceTimersByTime(socket.scheduledDelays[socket.scheduledDelays.length - 1]);
    FakeWebSocket.last.drop(1006);
    expect(failures).toHaveLength(2);
    socket.stop();
  });

  it('stop cancels a pending reconnect', () => {
    const socket = makeSocket();
    socket.start();
    FakeWebSocket.last.drop();
    socket.stop();
    vi.advanceTimersByTime(60_000);
    expect(FakeWebSocket.instances).toHaveLength(1);
    expect(socket.status).toBe('offline');
  });

  it('whenConnected resolves on open or after the timeout', async () => {
    const socket = makeSocket();
    socket.start();
    const waiting = socket.whenConnected(1_000);
    FakeWebSocket.last.open();
    await expect(waiting).resolves.toBe(true);
    FakeWebSocket.last.drop();
    const timedOut = socket.whenConnected(1_000);
    vi.advanceTimersByTime(1_000);
    await expect(timedOut).resolves.toBe(false);
    socket.stop();
  });
});
