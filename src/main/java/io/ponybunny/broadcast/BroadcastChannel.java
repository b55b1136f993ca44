package io.ponybunny.broadcast;

import io.ponybunny.broadcast.transport.SessionSender;
import io.ponybunny.event.ChannelEvent;
import io.ponybunny.event.StreamEvent;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.LongSupplier;

/**
 * One broadcast channel ({@code goal:<id>} or {@code streams}): its subscribers, its sequence, its
 * replay buffer and the state of its streams. Everything that must agree with {@code seq} happens
 * under the channel's lock: numbering and queueing an event to every subscriber, recording it for
 * replay and in the stream state, and building a newcomer's snapshot (or replay) together with its
 * registration. So a subscriber sees the channel's events in one order, with a gapless {@code seq},
 * and a snapshot followed by live events has no gap and no overlap. Sending (I/O) happens after the
 * lock is released, and so does encoding a snapshot: under the lock the channel only captures its
 * streams' views (O(1) each) and the seq, and holds the newcomer's live frames back until the
 * snapshot, encoded outside, is put before them.
 */
final class BroadcastChannel {

  /** How a subscription started. */
  enum Start {
    /** A first connection: a snapshot. */
    SNAPSHOT,
    /** A resume served from the replay buffer. */
    REPLAYED,
    /**
     * A resume that could not be served (unknown epoch, evicted since): snapshot, not recovered.
     */
    NOT_RECOVERED
  }

  private static final SessionSender[] NONE = new SessionSender[0];

  private final String name;
  private final String epoch;
  private final LongSupplier clock;
  private final ReplayBuffer replay;
  private final ChannelStreams streams;
  private final BiFunction<Snapshot, Long, String> encoder;

  // Guarded by this.
  private SessionSender[] subscribers = NONE;
  private long seq;
  private long lastActivity;
  private boolean retired;

  /** A channel with a replay budget of its own (tests). */
  BroadcastChannel(String name, String epoch, BroadcastSettings settings, LongSupplier clock) {
    this(name, epoch, settings, ReplayBudget.of(settings), clock, Snapshot::encode);
  }

  /**
   * @param encoder encodes a snapshot in at most a number of characters, or answers null (see
   *     {@link Snapshot#encode(long)}); tests hold it to show that nothing waits for it
   */
  BroadcastChannel(
      String name,
      String epoch,
      BroadcastSettings settings,
      ReplayBudget budget,
      LongSupplier clock,
      BiFunction<Snapshot, Long, String> encoder) {
    this(name, epoch, 0, settings, budget, clock, encoder);
  }

  /**
   * A channel whose events are numbered elsewhere (a cluster mirror, see {@link #relay}), starting
   * after {@code seq}.
   */
  BroadcastChannel(
      String name,
      String epoch,
      long seq,
      BroadcastSettings settings,
      ReplayBudget budget,
      LongSupplier clock) {
    this(name, epoch, seq, settings, budget, clock, Snapshot::encode);
  }

  private BroadcastChannel(
      String name,
      String epoch,
      long seq,
      BroadcastSettings settings,
      ReplayBudget budget,
      LongSupplier clock,
      BiFunction<Snapshot, Long, String> encoder) {
    this.seq = seq;
    this.encoder = encoder;
    this.name = name;
    this.epoch = epoch;
    this.clock = clock;
    this.replay = new ReplayBuffer(settings.replayMaxEvents(), budget, epoch);
    this.streams = new ChannelStreams(settings.completedStreams(), settings.maxStreamChars());
    this.lastActivity = clock.getAsLong();
  }

  String name() {
    return name;
  }

  String epoch() {
    return epoch;
  }

  /**
   * Numbers {@code event}, records it and queues it to every subscriber, then sends. Returns false
   * (and does nothing) when the channel was retired; the caller then uses a fresh channel.
   */
  boolean publish(ChannelEvent event, String sharedData) {
    SessionSender[] targets;
    synchronized (this) {
      if (retired) {
        return false;
      }
      ChannelEvent out = streams.apply(event);
      if (out == null) {
        return true;
      }
      Object data =
          out instanceof StreamEvent.Chunk
              ? out
              : out == event && sharedData != null ? sharedData : StreamFrames.data(out);
      long next = seq + 1;
      targets = append(next, out.eventName(), data);
    }
    send(targets);
    return true;
  }

  /**
   * Cluster mode: records and queues to every subscriber the event numbered {@code seq} elsewhere
   * (its {@code frame} is the same on every instance), folding {@code state} (its decoded event, or
   * null for one that carries no stream state) into the streams a snapshot shows. Returns false
   * (and does nothing) unless {@code seq} is the next one: the caller fills the gap first. A
   * retired channel takes nothing (true: nothing to fill).
   */
  boolean relay(long seq, String frame, ChannelEvent state) {
    SessionSender[] targets;
    synchronized (this) {
      if (retired) {
        return true;
      }
      if (seq != this.seq + 1) {
        return false;
      }
      if (state != null) {
        streams.apply(state);
      }
      targets = append(seq, null, frame);
    }
    send(targets);
    return true;
  }

  /**
   * Under the lock: makes event {@code name} with {@code data} (its encoded data or the chunk event
   * itself; null name: {@code data} is the whole frame) the channel's event {@code next}, records
   * it for replay and queues its frame to every subscriber (made only if there is one); returns
   * them, to send to after the lock.
   */
  private SessionSender[] append(long next, String name, Object data) {
    long now = clock.getAsLong();
    seq = next;
    replay.add(next, now, name, data);
    lastActivity = now;
    if (subscribers.length > 0) {
      String frame = ReplayBuffer.frame(name, epoch, next, data);
      for (SessionSender s : subscribers) {
        s.enqueue(frame);
      }
    }
    return subscribers;
  }

  /** After the lock: sends what was queued, dropping subscribers found closed. */
  private void send(SessionSender[] targets) {
    boolean stale = false;
    for (SessionSender s : targets) {
      s.kick();
      stale |= s.isClosed();
    }
    if (stale) {
      pruneClosed();
    }
  }

  /**
   * Registers {@code sender} and queues, before any live event, either the events after {@code
   * resume} (when it is in this channel's epoch and they are still buffered) or a snapshot ({@code
   * resume} null: a first connection). Returns null (and does nothing) when the channel was
   * retired.
   */
  Start subscribe(SessionSender sender, StreamPosition resume) {
    Start start;
    Snapshot snapshot = null;
    synchronized (this) {
      if (retired) {
        return null;
      }
      long now = clock.getAsLong();
      List<String> frames =
          resume != null && resume.epoch().equals(epoch)
              ? replay.since(resume.seq(), seq, now)
              : null;
      if (frames != null) {
        frames.forEach(sender::enqueueInitial);
        start = Start.REPLAYED;
      } else {
        sender.awaitInitial();
        snapshot =
            new Snapshot(
                new StreamPosition(epoch, seq),
                resume != null ? Boolean.FALSE : null,
                streams.views());
        start = resume != null ? Start.NOT_RECOVERED : Start.SNAPSHOT;
      }
      SessionSender[] grown = Arrays.copyOf(subscribers, subscribers.length + 1);
      grown[subscribers.length] = sender;
      subscribers = grown;
      lastActivity = now;
    }
    if (snapshot != null) {
      // Live frames queued since the registration count against the bound; the snapshot takes the
      // rest of it (its oldest finished streams are left out if needed).
      sender.initialReady(encoder.apply(snapshot, sender.room()));
    } else {
      sender.kick();
    }
    return start;
  }

  synchronized void unsubscribe(SessionSender sender) {
    int i = Arrays.asList(subscribers).indexOf(sender);
    if (i >= 0) {
      SessionSender[] shrunk = new SessionSender[subscribers.length - 1];
      System.arraycopy(subscribers, 0, shrunk, 0, i);
      System.arraycopy(subscribers, i + 1, shrunk, i, subscribers.length - i - 1);
      subscribers = shrunk;
      lastActivity = clock.getAsLong();
    }
  }

  private synchronized void pruneClosed() {
    subscribers =
        Arrays.stream(subscribers).filter(s -> !s.isClosed()).toArray(SessionSender[]::new);
  }

  /** Drops the replay frames older than {@code maxAgeMillis} (the budget is tight). */
  synchronized void expire(long now, long maxAgeMillis) {
    replay.expire(now, maxAgeMillis);
  }

  /** Drops every replay frame: the channel is dropped (a mirror replaced or thrown away). */
  synchronized void release() {
    replay.clear();
  }

  /**
   * Drops the replay frames older than the replay age, then retires the channel if {@code
   * removable}, nobody listens, no stream is active, nothing is left to replay and nothing happened
   * since {@code idleSince}; a retired channel accepts nothing more. Returns whether it is retired.
   */
  synchronized boolean sweep(long now, long idleSince, boolean removable) {
    replay.expire(now);
    if (removable
        && !retired
        && subscribers.length == 0
        && streams.activeCount() == 0
        && replay.size() == 0
        && lastActivity < idleSince) {
      retired = true;
    }
    return retired;
  }

  /**
   * Retires the channel if nobody listens and it never had an event: nothing would be lost (its
   * first event makes a new one). Returns whether it is retired.
   */
  synchronized boolean retireIfUnused() {
    if (!retired && subscribers.length == 0 && seq == 0) {
      retired = true;
    }
    return retired;
  }

  synchronized int replaySize() {
    return replay.size();
  }

  synchronized boolean retired() {
    return retired;
  }

  /** The request ids of this channel's streams still streaming on {@code instance}. */
  synchronized List<String> streamingOn(String instance) {
    return streams.streamingOn(instance);
  }

  synchronized int subscriberCount() {
    return subscribers.length;
  }

  synchronized SessionSender[] subscribers() {
    return subscribers;
  }

  synchronized long seq() {
    return seq;
  }
}
