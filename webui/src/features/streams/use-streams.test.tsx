import { act, renderHook } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeWebSocket } from '../../test/fake-websocket';
import { ALL_STREAMS_PATH, getChannel, goalChannelPath, resetChannels } from './channels';
import { SNAPSHOT_APPLIED, createStreamStore } from './stream-store';
import {
  useAggregateConnectionStatus,
  useChannel,
  useChannelEvents,
  useConnectionStatus,
  useStreamState,
} from './use-streams';
import type { EventFrame } from './wire-types';

const start = (requestId: string, seq: number): EventFrame => ({
  type: 'event',
  event: 'llm.stream.start',
  epoch: 'E1',
  seq,
  data: { requestId, model: 'm', timestamp: seq },
});

beforeEach(() => {
  vi.useFakeTimers();
  FakeWebSocket.instances = [];
  vi.stubGlobal('WebSocket', FakeWebSocket);
});

afterEach(() => {
  resetChannels();
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('useChannel', () => {
  it('connects while mounted and lets go a grace period after unmount', () => {
    const { result, unmount } = renderHook(() => useChannel(ALL_STREAMS_PATH));
    expect(result.current).toBe(getChannel(ALL_STREAMS_PATH));
    expect(FakeWebSocket.instances).toHaveLength(1);
    unmount();
    vi.advanceTimersByTime(5_000);
    expect(FakeWebSocket.instances[0].closedWith?.code).toBe(1000);
  });

  it('switches channels when the path changes, and holds nothing for null', () => {
    const { result, rerender } = renderHook(({ path }) => useChannel(path), {
      initialProps: { path: null as string | null },
    });
    expect(result.current).toBeNull();
    expect(FakeWebSocket.instances).toHaveLength(0);
    rerender({ path: goalChannelPath('g1') });
    expect(result.current?.path).toBe('/ws/goals/g1');
    rerender({ path: goalChannelPath('g2') });
    expect(result.current?.path).toBe('/ws/goals/g2');
    expect(FakeWebSocket.instances.map((ws) => new URL(ws.url).pathname)).toEqual([
      '/ws/goals/g1',
      '/ws/goals/g2',
    ]);
    vi.advanceTimersByTime(5_000);
    expect(FakeWebSocket.instances[0].closedWith?.code).toBe(1000); // g1 released
    expect(FakeWebSocket.instances[1].closedWith).toBeNull();
  });
});

describe('useStreamState', () => {
  it('renders the published state, not the pending one', () => {
    const pending: Array<() => void> = [];
    const store = createStreamStore({ schedule: (fn) => pending.push(fn) });
    let renders = 0;
    const { result } = renderHook(() => {
      renders++;
      return useStreamState(store);
    });
    expect(result.current.streams).toEqual([]);
    const before = renders;
    act(() => {
      store.handleFrame(start('r1', 1));
      store.handleFrame(start('r2', 2));
    });
    expect(result.current.streams).toEqual([]);
    expect(renders).toBe(before);
    act(() => pending.shift()!());
    expect(result.current.streams.map((s) => s.requestId)).toEqual(['r2', 'r1']);
    expect(renders).toBe(before + 1);
  });

  it('is null without a store', () => {
    const { result } = renderHook(() => useStreamState(null));
    expect(result.current).toBeNull();
  });
});

describe('connection status hooks', () => {
  it('follow the socket and the channels', () => {
    const { result } = renderHook(() => {
      const channel = useChannel(ALL_STREAMS_PATH);
      return {
        one: useConnectionStatus(channel?.socket ?? null),
        all: useAggregateConnectionStatus(),
      };
    });
    expect(result.current).toEqual({ one: 'reconnecting', all: 'reconnecting' });
    act(() => FakeWebSocket.instances[0].open());
    expect(result.current).toEqual({ one: 'connected', all: 'connected' });
    act(() => FakeWebSocket.instances[0].drop());
    expect(result.current).toEqual({ one: 'reconnecting', all: 'reconnecting' });
  });

  it('is offline without a socket', () => {
    const { result } = renderHook(() => useConnectionStatus(null));
    expect(result.current).toBe('offline');
  });
});

describe('useChannelEvents', () => {
  it('hands non-stream events and snapshots to the latest listener, until unmount', () => {
    const channel = getChannel(goalChannelPath('g1'));
    const first = vi.fn();
    const second = vi.fn();
    const { rerender, unmount } = renderHook(
      ({ listener }) => useChannelEvents(channel, listener),
      { initialProps: { listener: first } },
    );
    const goalStatus: EventFrame = {
      type: 'event',
      event: 'goal.status',
      epoch: 'E1',
      seq: 1,
      data: { goalId: 'g1', status: 'running' },
    };
    channel.store.handleFrame(goalStatus);
    channel.store.handleFrame(start('r1', 2)); // stream events are the store's own
    expect(first).toHaveBeenCalledTimes(1);
    expect(first).toHaveBeenCalledWith('goal.status', { goalId: 'g1', status: 'running' });
    rerender({ listener: second });
    channel.store.handleFrame({ type: 'snapshot', epoch: 'E1', seq: 5, streams: [] });
    expect(second).toHaveBeenCalledWith(SNAPSHOT_APPLIED, undefined);
    expect(first).toHaveBeenCalledTimes(1);
    unmount();
    channel.store.handleFrame({ ...goalStatus, seq: 6 });
    expect(second).toHaveBeenCalledTimes(1);
  });

  it('does nothing without a channel', () => {
    const listener = vi.fn();
    expect(() => renderHook(() => useChannelEvents(null, listener))).not.toThrow();
    expect(listener).not.toHaveBeenCalled();
  });
});
