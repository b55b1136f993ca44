package io.ponybunny.broadcast;

import io.ponybunny.broadcast.redis.RedisChannelLog;
import io.ponybunny.broadcast.transport.SessionSender;
import io.ponybunny.event.ChannelEvent;
import jakarta.websocket.CloseReason;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The channels of a cluster (ADR 0013): numbered in Redis, mirrored on every instance that has
 * subscribers. Publishing truncates a stream past its size bound once, here, then appends the event
 * to each of its channels' Redis streams ({@link RedisChannelLog}: epoch and {@code seq} assigned
 * there, atomically with the append). An instance keeps a mirror ({@link BroadcastChannel} in relay
 * mode) of each channel its sockets follow: made on the first subscription from the channel's Redis
 * stream (its replay frames and the state its snapshots show), then fed in {@code seq} order from
 * Redis pub/sub. A gap (a message lost while Redis was away) is filled from the Redis stream; when
 * that history is gone or the channel's epoch changed (Redis lost its data), the mirror starts
 * again from Redis and its sockets are closed with 1012, so their clients resume and learn {@code
 * recovered:false}.
 */
final class ClusterChannels implements ChannelEngine, RedisChannelLog.Listener {

  private static final Logger LOG = Logger.getLogger(ClusterChannels.class.getName());

  /** How a mirror's sockets are closed when the channel's history was lost. */
  static final CloseReason HISTORY_LOST =
      new CloseReason(CloseReason.CloseCodes.SERVICE_RESTART, "channel history lost, resume");

  private final BroadcastSettings settings;
  private final LongSupplier clock;
  private final RedisChannelLog log;
  private final FreeChannels free;
  private final ChannelStreams outbound;
  private final ReplayBudget budget;
  private final ConcurrentMap<String, Mirror> mirrors = new ConcurrentHashMap<>();

  /**
   * @param log the Redis side, made with this engine as its listener (see {@link #create})
   */
  private ClusterChannels(
      BroadcastSettings settings,
      LongSupplier clock,
      Function<RedisChannelLog.Listener, RedisChannelLog> log) {
    this.settings = settings;
    this.clock = clock;
    this.free = new FreeChannels(settings.maxFreeChannelsPerPrincipal());
    this.outbound = new ChannelStreams(0, settings.maxStreamChars());
    this.budget = ReplayBudget.of(settings);
    this.log = log.apply(this);
  }

  /** An engine on the log {@code log} makes with the engine as its listener. */
  static ClusterChannels create(
      BroadcastSettings settings,
      LongSupplier clock,
      Function<RedisChannelLog.Listener, RedisChannelLog> log) {
    return new ClusterChannels(settings, clock, log);
  }

  @Override
  public void publish(List<String> channels, ChannelEvent event) {
    ChannelEvent out;
    synchronized (outbound) {
      out = outbound.apply(event);
    }
    if (out == null) {
      return; // past the stream's size bound
    }
    String data = StreamFrames.data(out);
    for (String channel : channels) {
      log.append(channel, out.eventName(), data, out.timestamp());
    }
  }

  @Override
  public BroadcastChannel.Start subscribe(
      String name, SessionSender sender, StreamPosition resume) {
    while (true) {
      Mirror m = attach(name);
      m.reachFor(resume);
      BroadcastChannel.Start start = m.channel().subscribe(sender, resume);
      if (start != null) {
        return start;
      }
      remove(name, m); // retired meanwhile: a fresh one
    }
  }

  @Override
  public void unsubscribe(String name, SessionSender sender) {
    Mirror m = mirrors.get(name);
    if (m == null) {
      return;
    }
    BroadcastChannel ch = m.channel();
    ch.unsubscribe(sender);
    if (!BroadcastManager.ALL_STREAMS.equals(name)) {
      if (ch.retireIfUnused()) {
        remove(name, m);
      } else if (ch.subscriberCount() == 0) {
        free.released(name);
      }
    }
  }

  @Override
  public boolean claimFree(String name, String principal) {
    synchronized (free) {
      Mirror existing = mirrors.get(name);
      if (existing != null && existing.attached() && !existing.channel().retired()) {
        return true;
      }
      if (!free.claim(principal, name)) {
        return false;
      }
    }
    attach(name);
    return true;
  }

  /** From this instance's mirror, else from a throwaway one read from Redis. */
  @Override
  public List<String> streamingOn(String name, String instance) {
    Mirror m = mirrors.get(name);
    BroadcastChannel ch = m == null ? null : m.channel();
    if (ch != null) {
      return ch.streamingOn(instance);
    }
    BroadcastChannel throwaway = new Mirror(name).load();
    throwaway.release();
    return throwaway.streamingOn(instance);
  }

  @Override
  public int maxFreePerPrincipal() {
    return free.max();
  }

  @Override
  public String epoch(String name) {
    return attach(name).channel().epoch();
  }

  @Override
  public void sweep() {
    budget.relax();
    long now = clock.getAsLong();
    long idleSince = now - settings.replayMaxAgeMillis();
    for (Map.Entry<String, Mirror> e : mirrors.entrySet()) {
      Mirror m = e.getValue();
      if (m.attached()
          && m.channel().sweep(now, idleSince, !BroadcastManager.ALL_STREAMS.equals(e.getKey()))) {
        remove(e.getKey(), m);
      }
    }
  }

  @Override
  public void close() {
    log.close();
  }

  /** The log's delivery thread: one followed channel's next entry. */
  @Override
  public void entry(String channel, RedisChannelLog.Entry entry) {
    Mirror m = mirrors.get(channel);
    if (m != null) {
      m.deliver(entry);
    }
    if (budget.over()) {
      budget.trim(this::expire); // outside any mirror's lock
    }
  }

  /** Every mirror drops its replay frames older than {@code maxAgeMillis}. */
  private void expire(long maxAgeMillis) {
    long now = clock.getAsLong();
    for (Mirror m : mirrors.values()) {
      BroadcastChannel ch = m.channel();
      if (ch != null) {
        ch.expire(now, maxAgeMillis);
      }
    }
  }

  /**
   * Redis came back: messages may have been missed meanwhile; every mirror catches up. False when
   * one could not (Redis not answering yet): the log asks again a second later, and the mirrors
   * that did catch up find nothing new then.
   */
  @Override
  public boolean reconnected() {
    boolean all = true;
    for (Mirror m : mirrors.values()) {
      try {
        m.catchUp();
      } catch (RuntimeException e) {
        all = false;
        LOG.log(
            Level.WARNING,
            "channel " + m.name + " could not catch up yet (tries again): " + e.getMessage());
      }
    }
    return all;
  }

  /** The mirrors (tests). */
  int count() {
    return mirrors.size();
  }

  /** Whether Redis is connected now. */
  boolean connected() {
    return log.connected();
  }

  /** The channel's mirror, attached (made from Redis) if need be. */
  private Mirror attach(String name) {
    Mirror m = mirrors.computeIfAbsent(name, Mirror::new);
    m.attach();
    return m;
  }

  private void remove(String name, Mirror m) {
    if (mirrors.remove(name, m)) {
      BroadcastChannel ch = m.channel();
      if (ch != null) {
        ch.release();
      }
      free.released(name);
      try {
        log.unfollow(name);
      } catch (RuntimeException e) {
        // Redis away: the subscription goes with the connection; entries for it are ignored
      }
    }
  }

  /** One channel's mirror on this instance. */
  private final class Mirror {
    private final String name;
    // Guarded by this.
    private BroadcastChannel channel;
    private List<RedisChannelLog.Entry> pending = new ArrayList<>();

    Mirror(String name) {
      this.name = name;
    }

    synchronized boolean attached() {
      return channel != null;
    }

    synchronized BroadcastChannel channel() {
      return channel;
    }

    /**
     * Follows the channel in Redis, then builds the mirror from the channel's Redis stream; entries
     * that arrive meanwhile wait and are applied after it (those already in it are skipped).
     */
    synchronized void attach() {
      if (channel != null) {
        return;
      }
      log.follow(name);
      channel = load();
      List<RedisChannelLog.Entry> early = pending;
      pending = null;
      early.forEach(this::apply);
    }

    /**
     * A new mirror channel from the channel's history in Redis: its last events, as many as a
     * channel keeps for resume (later ones arrive through the subscription made before).
     */
    private BroadcastChannel load() {
      RedisChannelLog.Head head = log.head(name);
      int keep = settings.replayMaxEvents();
      RedisChannelLog.Range range =
          log.range(name, head.epoch(), Math.max(0, head.seq() - keep), keep);
      List<RedisChannelLog.Entry> entries = range.entries();
      long start = entries.isEmpty() ? range.lastSeq() : entries.get(0).seq() - 1;
      BroadcastChannel ch =
          new BroadcastChannel(name, range.epoch(), start, settings, budget, clock);
      for (RedisChannelLog.Entry e : entries) {
        ch.relay(e.seq(), e.frame(), RelayedEvents.decode(e.eventName(), e.data()));
      }
      return ch;
    }

    synchronized void deliver(RedisChannelLog.Entry entry) {
      if (channel == null) {
        if (pending != null) {
          pending.add(entry);
        }
        return;
      }
      apply(entry);
    }

    /** Applies the next entry, filling a gap before it, or starts again when history was lost. */
    private void apply(RedisChannelLog.Entry entry) {
      if (!entry.epoch().equals(channel.epoch())) {
        restart();
        return;
      }
      if (entry.seq() <= channel.seq()) {
        return; // already in the mirror (loaded with it, or filled)
      }
      if (entry.seq() > channel.seq() + 1 && !fill(entry.seq() - 1)) {
        return;
      }
      channel.relay(
          entry.seq(), entry.frame(), RelayedEvents.decode(entry.eventName(), entry.data()));
    }

    /**
     * A resume from a position this mirror has not reached yet (the client saw it on an instance
     * whose mirror was a little ahead): the mirror first reads up to it from Redis, so the client
     * gets the replay it asked for, not a snapshot. Found by ClusterBroadcastIT: resumed on another
     * instance, a client got {@code recovered:false} at seq 35 when it had seen more.
     */
    synchronized void reachFor(StreamPosition resume) {
      if (channel != null
          && resume != null
          && resume.epoch().equals(channel.epoch())
          && resume.seq() > channel.seq()) {
        fill(resume.seq());
      }
    }

    /** Catches up with Redis after a reconnection. */
    synchronized void catchUp() {
      if (channel != null) {
        fill(Long.MAX_VALUE);
      }
    }

    /**
     * Relays the entries after the mirror's seq up to {@code upTo} from the Redis stream; when they
     * are no longer all there, starts again (false).
     */
    private boolean fill(long upTo) {
      while (channel.seq() < upTo) {
        int want = (int) Math.min(settings.replayMaxEvents(), upTo - channel.seq());
        RedisChannelLog.Range range = log.range(name, channel.epoch(), channel.seq(), want);
        if (!range.complete()) {
          restart();
          return false;
        }
        if (range.entries().isEmpty()) {
          return upTo == Long.MAX_VALUE || channel.seq() >= upTo;
        }
        for (RedisChannelLog.Entry e : range.entries()) {
          channel.relay(e.seq(), e.frame(), RelayedEvents.decode(e.eventName(), e.data()));
        }
      }
      return true;
    }

    /**
     * The channel's history was lost (or its epoch changed): a new mirror from what Redis holds
     * now; the old one's sockets are closed with 1012 so their clients resume (and learn {@code
     * recovered:false}).
     */
    private void restart() {
      BroadcastChannel old = channel;
      old.release();
      channel = load();
      for (SessionSender s : old.subscribers()) {
        s.close(HISTORY_LOST);
      }
      LOG.info("channel " + name + ": history lost in Redis, mirror restarted");
    }
  }
}
