package io.ponybunny.broadcast;

import io.ponybunny.event.ChannelEvent;
import io.ponybunny.event.StreamEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;

/**
 * The channels an event goes to: its goal's ({@code /ws/goals/{goalId}}), its owner's (what a
 * non-admin's {@code /ws/streams} shows) and the all-streams channel (admins'). A stream's owner is
 * named by its start event and remembered until its terminal event (the terminal event of a stream
 * started on another instance finds it in the stream's record); the owner of an agent event is its
 * goal's.
 */
final class ChannelRoutes {

  private final ConcurrentMap<String, String> streamOwners = new ConcurrentHashMap<>();
  private Function<String, String> goalOwners = goalId -> null;
  private Function<String, String> recordedStreamOwners = requestId -> null;

  /** Sets how the owner of a goal is found (the application's channel owners). */
  void goalOwners(Function<String, String> goalOwners) {
    this.goalOwners = goalOwners;
  }

  /**
   * Sets how the owner of a stream whose start was published elsewhere is found (its record): in a
   * cluster, another instance ends the streams of an instance that died.
   */
  void recordedStreamOwners(Function<String, String> recordedStreamOwners) {
    this.recordedStreamOwners = recordedStreamOwners;
  }

  /** The channels {@code event} goes to, in publishing order. */
  List<String> of(ChannelEvent event) {
    List<String> out = new ArrayList<>(3);
    if (event.goalId() != null) {
      out.add(BroadcastManager.goalChannel(event.goalId()));
    }
    String owner = ownerOf(event);
    if (owner != null) {
      out.add(BroadcastManager.ownerChannel(owner));
    }
    out.add(BroadcastManager.ALL_STREAMS);
    return out;
  }

  /**
   * The principal whose channel gets {@code event}: a stream's owner (named by its start event), or
   * the owner of the goal of an agent event.
   */
  private String ownerOf(ChannelEvent event) {
    if (event instanceof StreamEvent.Start s) {
      if (s.owner() != null) {
        streamOwners.put(s.requestId(), s.owner());
      }
      return s.owner();
    }
    String owner = streamOwners.get(event.orderingKey());
    if (owner != null) {
      if (event.terminal()) {
        streamOwners.remove(event.orderingKey());
      }
      return owner;
    }
    if (event instanceof StreamEvent) {
      // not started here: a stream of another instance, ended here (instance lost)
      return event.terminal() ? recordedStreamOwners.apply(event.orderingKey()) : null;
    }
    return event.goalId() == null ? null : goalOwners.apply(event.goalId());
  }
}
