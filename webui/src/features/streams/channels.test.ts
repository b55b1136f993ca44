import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeWebSocket } from '../../test/fake-websocket';
import {
  ALL_STREAMS_PATH,
  aggregateStatus,
  getChannel,
  goalChannelPath,
  resetChannels,
  retainChannel,
  setChannelAuthFailureHandler,
  startChannel,
  subscribeChannels,
} from './channels';

const GRACE_MS = 5_000;

function socketFor(path: string): FakeWebSocket | undefined {
  return FakeWebSocket.find(path);
}

beforeEach(() => {
  vi.useFakeTimers();
  FakeWebSocket.instances = [];
  vi.stubGlobal('WebSocket', FakeWebSocket);
});

afterEach(() => {
  resetChannels();
  setChannelAuthFailureHandler(null);
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('channel paths', () => {
  it('encodes goal ids into the goal channel path', () => {
    expect(goalChannelPath('g_1')).toBe('/ws/goals/g_1');
    expect(goalChannelPath('a/b c')).toBe('/ws/goals/a%2Fb%20c');
    expect(ALL_STREAMS_PATH).toBe('/ws/streams');
  });
});

describe('getChannel and retainChannel', () => {
  it('shares one channel per path and connects only when retained', () => {
    const a = getChannel(ALL_STREAMS_PATH);
    expect(getChannel(ALL_STREAMS_PATH)).toBe(a);
    expect(getChannel(goalChannelPath('g1'))).not.toBe(a);
    expect(a.path).toBe(ALL_STREAMS_PATH);
    expect(a.socket.store).toBe(a.store);
    expect(FakeWebSocket.instances).toHaveLength(0);
    retainChannel(a);
    expect(FakeWebSocket.instances).toHaveLength(1);
    expect(socketFor('/ws/streams')?.url).toMatch(/^ws:\/\/[^/]+\/ws\/streams$/);
  });

  it('keeps one connection for several holders and closes it a grace period after the last', () => {
    const channel = getChannel(ALL_STREAMS_PATH);
    const releaseA = retainChannel(channel);
    const releaseB = retainChannel(channel);
    expect(FakeWebSocket.instances).toHaveLength(1);
    const ws = socketFor('/ws/streams')!;
    releaseA();
    releaseA(); // a second call is a no-op, it must not release B's hold
    vi.advanceTimersByTime(GRACE_MS * 2);
    expect(ws.closedWith).toBeNull();
    releaseB();
    vi.advanceTimersByTime(GRACE_MS - 1);
    expect(ws.closedWith).toBeNull();
    vi.advanceTimersByTime(1);
    expect(ws.closedWith).toEqual({ code: 1000, reason: 'client closed' });
    // Forgotten: the next page gets a fresh channel.
    expect(getChannel(ALL_STREAMS_PATH)).not.toBe(channel);
  });

  it('a new hold within the grace period keeps the connection', () => {
    const channel = getChannel(ALL_STREAMS_PATH);
    retainChannel(channel)();
    vi.advanceTimersByTime(GRACE_MS - 1);
    const release = retainChannel(channel);
    vi.advanceTimersByTime(GRACE_MS * 2);
    expect(socketFor('/ws/streams')?.closedWith).toBeNull();
    expect(FakeWebSocket.instances).toHaveLength(1);
    expect(getChannel(ALL_STREAMS_PATH)).toBe(channel);
    release();
  });

  it('startChannel connects without holding; it is idempotent', () => {
    const channel = getChannel(goalChannelPath('g1'));
    startChannel(channel);
    startChannel(channel);
    expect(FakeWebSocket.instances).toHaveLength(1);
    expect(FakeWebSocket.instances[0].url).toContain('/ws/goals/g1');
  });

  it('feeds the socket frames into the channel store', () => {
    const channel = getChannel(ALL_STREAMS_PATH);
    retainChannel(channel);
    const ws = socketFor('/ws/streams')!;
    ws.open();
    ws.send({
      type: 'event',
      event: 'llm.stream.start',
      epoch: 'E1',
      seq: 1,
      data: { requestId: 'r1', model: 'm', timestamp: 1 },
    });
    channel.store.flush();
    expect(channel.store.getState().streams.map((s) => s.requestId)).toEqual(['r1']);
    expect(channel.store.resumePoint()).toEqual({ epoch: 'E1', since: 1 });
  });

  it('resetChannels closes every connection and forgets the channels', () => {
    const a = getChannel(ALL_STREAMS_PATH);
    retainChannel(a);
    retainChannel(getChannel(goalChannelPath('g1')));
    resetChannels();
    expect(FakeWebSocket.instances.map((ws) => ws.closedWith?.code)).toEqual([1000, 1000]);
    expect(getChannel(ALL_STREAMS_PATH)).not.toBe(a);
  });
});

describe('aggregateStatus and subscribeChannels', () => {
  it('is offline without channels', () => {
    expect(aggregateStatus()).toBe('offline');
  });

  it('reconnecting beats offline beats connected', () => {
    const streams = getChannel(ALL_STREAMS_PATH);
    retainChannel(streams);
    expect(aggregateStatus()).toBe('reconnecting');
    socketFor('/ws/streams')!.open();
    expect(aggregateStatus()).toBe('connected');
    getChannel(goalChannelPath('g1')); // known, not started: offline
    expect(aggregateStatus()).toBe('offline');
    startChannel(getChannel(goalChannelPath('g1')));
    expect(aggregateStatus()).toBe('reconnecting');
    socketFor('/ws/goals/g1')!.open();
    expect(aggregateStatus()).toBe('connected');
  });

  it('tells subscribers about new channels, status changes and released channels', () => {
    const listener = vi.fn();
    const unsubscribe = subscribeChannels(listener);
    const channel = getChannel(ALL_STREAMS_PATH);
    expect(listener).toHaveBeenCalledTimes(1); // created
    const release = retainChannel(channel);
    const afterStart = listener.mock.calls.length;
    expect(afterStart).toBeGreaterThan(1); // offline -> reconnecting
    socketFor('/ws/streams')!.open();
    expect(listener.mock.calls.length).toBeGreaterThan(afterStart);
    release();
    const beforeStop = listener.mock.calls.length;
    vi.advanceTimersByTime(GRACE_MS);
    expect(listener.mock.calls.length).toBeGreaterThan(beforeStop);
    unsubscribe();
    const count = listener.mock.calls.length;
    getChannel(goalChannelPath('g2'));
    expect(listener).toHaveBeenCalledTimes(count);
  });
});

describe('recovery', () => {
  it('reports a 1008 close to the auth failure handler', () => {
    const handler = vi.fn();
    setChannelAuthFailureHandler(handler);
    retainChannel(getChannel(ALL_STREAMS_PATH));
    const ws = socketFor('/ws/streams')!;
    ws.open();
    ws.drop(1008);
    expect(handler).toHaveBeenCalledWith('policy');
  });

  it('reconnects every dropped channel at once when the browser comes back online', () => {
    const channel = getChannel(ALL_STREAMS_PATH);
    retainChannel(channel);
    const first = socketFor('/ws/streams')!;
    first.open();
    first.send({
      type: 'event',
      event: 'goal.status',
      epoch: 'E1',
      seq: 4,
      data: { goalId: 'g' },
    });
    first.drop();
    expect(FakeWebSocket.instances).toHaveLength(1); // waiting for the backoff
    window.dispatchEvent(new Event('online'));
    expect(FakeWebSocket.instances).toHaveLength(2);
    expect(FakeWebSocket.instances[1].url).toContain('/ws/streams?epoch=E1&since=4');
  });

  it('leaves open channels alone when the browser comes back online', () => {
    retainChannel(getChannel(ALL_STREAMS_PATH));
    socketFor('/ws/streams')!.open();
    window.dispatchEvent(new Event('online'));
    expect(FakeWebSocket.instances).toHaveLength(1);
  });
});
