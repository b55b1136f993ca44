import { useCallback, useEffect, useMemo, useRef, useSyncExternalStore } from 'react';
import {
  aggregateStatus,
  getChannel,
  retainChannel,
  subscribeChannels,
  type Channel,
} from './channels';
import type { StreamStore, StreamStoreState } from './stream-store';
import type { ConnectionStatus, StreamSocket } from './stream-socket';

/** Retains (connects) the channel for `path` while the component is mounted. */
export function useChannel(path: string | null): Channel | null {
  const channel = useMemo(() => (path ? getChannel(path) : null), [path]);
  useEffect(() => (channel ? retainChannel(channel) : undefined), [channel]);
  return channel;
}

const EMPTY_SUBSCRIBE = () => () => {};

/** Store state, re-rendering at most once per animation frame. */
export function useStreamState(store: StreamStore): StreamStoreState;
export function useStreamState(store: StreamStore | null): StreamStoreState | null;
export function useStreamState(store: StreamStore | null): StreamStoreState | null {
  return useSyncExternalStore(
    store ? store.subscribe : EMPTY_SUBSCRIBE,
    store ? store.getState : () => null,
  );
}

export function useConnectionStatus(socket: StreamSocket | null): ConnectionStatus {
  const subscribe = useCallback(
    (listener: () => void) => (socket ? socket.subscribeStatus(listener) : () => {}),
    [socket],
  );
  return useSyncExternalStore(subscribe, () => socket?.status ?? 'offline');
}

/** Combined status of every open channel (header pill). */
export function useAggregateConnectionStatus(): ConnectionStatus {
  return useSyncExternalStore(subscribeChannels, aggregateStatus);
}

/**
 * Calls `listener` for the channel's non-stream events (`goal.status`, `workitem.status`,
 * `run.step`, and the snapshot marker). The latest listener is used without resubscribing.
 */
export function useChannelEvents(
  channel: Channel | null,
  listener: (event: string, data: unknown) => void,
): void {
  const latest = useRef(listener);
  useEffect(() => {
    latest.current = listener;
  });
  useEffect(
    () =>
      channel ? channel.store.onEvent((event, data) => latest.current(event, data)) : undefined,
    [channel],
  );
}
