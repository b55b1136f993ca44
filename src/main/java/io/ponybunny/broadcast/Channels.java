package io.ponybunny.broadcast;

import io.ponybunny.broadcast.transport.SessionSender;
import io.ponybunny.event.ChannelEvent;
import io.ponybunny.event.StreamEvent;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The live channels by name. A channel is made on first use, with the epoch of its incarnation
 * ({@code <server run>.<n>}), and removed once retired: when its last socket leaves and it never
 * had an event, or when the {@link #sweep} finds it unused for the replay age. A publish or a
 * subscription that meets a channel retired meanwhile uses a fresh one. Counts the free-form
 * channels that each principal's subscriptions made ({@link FreeChannels}). The all-streams channel
 * is never removed.
 */
final class Channels implements ChannelEngine {

  private final String serverEpoch = UUID.randomUUID().toString();
  private final AtomicLong incarnations = new AtomicLong();
  private final ConcurrentMap<String, BroadcastChannel> byName = new ConcurrentHashMap<>();
  private final BroadcastSettings settings;
  private final LongSupplier clock;
  private final FreeChannels free;
  private final ReplayBudget budget;

  /**
   * @param clock epoch milliseconds
   */
  Channels(BroadcastSettings settings, LongSupplier clock) {
    this.settings = settings;
    this.clock = clock;
    this.free = new FreeChannels(settings.maxFreeChannelsPerPrincipal());
    this.budget = ReplayBudget.of(settings);
  }

  /** Identifies this server run; it changes on restart. */
  String serverEpoch() {
    return serverEpoch;
  }

  @Override
  public void publish(List<String> channels, ChannelEvent event) {
    // a chunk's channels keep the chunk and write its frame from it; other events share their data
    String data = event instanceof StreamEvent.Chunk ? null : StreamFrames.data(event);
    for (String channel : channels) {
      publish(channel, event, data);
    }
    if (budget.over()) {
      budget.trim(this::expire);
    }
  }

  /** Every channel drops its replay frames older than {@code maxAgeMillis}. */
  private void expire(long maxAgeMillis) {
    long now = clock.getAsLong();
    byName.values().forEach(ch -> ch.expire(now, maxAgeMillis));
  }

  /** The replay frames' bytes, all channels together. */
  long replayBytes() {
    return budget.bytes();
  }

  /**
   * Publishes on channel {@code name}, made if need be ({@code data}: the event's, encoded; null
   * for a chunk, kept as the event).
   */
  void publish(String name, ChannelEvent event, String data) {
    BroadcastChannel ch;
    while (!(ch = get(name)).publish(event, data)) {
      remove(name, ch); // retired meanwhile: a fresh one
    }
  }

  @Override
  public BroadcastChannel.Start subscribe(
      String name, SessionSender sender, StreamPosition resume) {
    BroadcastChannel.Start start;
    BroadcastChannel ch;
    while ((start = (ch = get(name)).subscribe(sender, resume)) == null) {
      remove(name, ch); // retired meanwhile: a fresh one
    }
    return start;
  }

  /**
   * Removes {@code sender} from channel {@code name}; a channel left without sockets that never had
   * an event is removed at once (nothing to replay or show), and one left without sockets no longer
   * counts for the principal that made it.
   */
  @Override
  public void unsubscribe(String name, SessionSender sender) {
    BroadcastChannel ch = byName.get(name);
    if (ch == null) {
      return;
    }
    ch.unsubscribe(sender);
    if (!BroadcastManager.ALL_STREAMS.equals(name)) {
      if (ch.retireIfUnused()) {
        remove(name, ch);
      } else if (ch.subscriberCount() == 0) {
        free.released(name);
      }
    }
  }

  /**
   * Makes sure the free-form channel {@code name} exists for a subscription of {@code principal}:
   * true when it exists already, or when the principal's subscriptions hold fewer free-form
   * channels than the limit (it is made and counted for the principal); false otherwise.
   */
  @Override
  public boolean claimFree(String name, String principal) {
    synchronized (free) {
      BroadcastChannel existing = byName.get(name);
      if (existing != null && !existing.retired()) {
        return true;
      }
      if (!free.claim(principal, name)) {
        return false;
      }
      get(name);
      return true;
    }
  }

  @Override
  public List<String> streamingOn(String name, String instance) {
    BroadcastChannel ch = byName.get(name);
    return ch == null ? List.of() : ch.streamingOn(instance);
  }

  @Override
  public int maxFreePerPrincipal() {
    return free.max();
  }

  @Override
  public String epoch(String name) {
    return get(name).epoch();
  }

  /**
   * Drops every channel's replay frames older than the replay age (a quiet channel does not keep
   * them until its next event), and removes the channels with no socket, no active stream and
   * nothing left to replay that nobody used for the replay age (their resume points are gone
   * anyway; a later event makes a new channel with a new epoch).
   */
  @Override
  public void sweep() {
    budget.relax();
    long now = clock.getAsLong();
    long idleSince = now - settings.replayMaxAgeMillis();
    for (Map.Entry<String, BroadcastChannel> e : byName.entrySet()) {
      if (e.getValue().sweep(now, idleSince, !BroadcastManager.ALL_STREAMS.equals(e.getKey()))) {
        remove(e.getKey(), e.getValue());
      }
    }
  }

  /** The channel named {@code name} if it exists now. */
  BroadcastChannel existing(String name) {
    return byName.get(name);
  }

  int count() {
    return byName.size();
  }

  private BroadcastChannel get(String name) {
    return byName.computeIfAbsent(
        name,
        n ->
            new BroadcastChannel(
                n,
                serverEpoch + "." + Long.toString(incarnations.incrementAndGet(), 36),
                settings,
                budget,
                clock,
                Snapshot::encode));
  }

  private void remove(String name, BroadcastChannel channel) {
    if (byName.remove(name, channel)) {
      free.released(name);
    }
  }
}
