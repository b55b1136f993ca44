package io.ponybunny.broadcast;

import io.opentelemetry.api.metrics.Meter;
import io.ponybunny.broadcast.transport.BroadcastMetrics;
import io.ponybunny.broadcast.transport.SessionSender;
import io.ponybunny.broadcast.transport.SocketWriters;
import io.ponybunny.broadcast.transport.WriterPool;
import io.ponybunny.event.ChannelEvent;
import io.ponybunny.event.StreamEvent;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Observes channel events ({@code llm.stream.*}, {@code goal.*}, ...) and fans them out to
 * WebSocket subscribers: each event goes to its goal's channel ({@code /ws/goals/{goalId}}) and to
 * the all-streams channel ({@code /ws/streams}), each numbered per channel (see {@link
 * BroadcastChannel}). Subscribing starts with a snapshot or a replay ({@code
 * docs/streaming-protocol.md}). Idle goal channels are dropped after the replay age; stopping the
 * application closes every socket with 1001.
 */
@ApplicationScoped
public class BroadcastManager {

  /** The channel every event goes to. */
  public static final String ALL_STREAMS = "streams";

  private static final Logger LOG = Logger.getLogger(BroadcastManager.class.getName());

  private final String epoch = UUID.randomUUID().toString();
  private final AtomicLong incarnations = new AtomicLong();
  private final ConcurrentMap<String, BroadcastChannel> channels = new ConcurrentHashMap<>();
  private final Set<SessionSender> senders = ConcurrentHashMap.newKeySet();
  private final ConcurrentMap<String, String> streamOwners = new ConcurrentHashMap<>();
  private Function<String, String> goalOwners = goalId -> null;
  private LongSupplier clock = System::currentTimeMillis;

  @Inject
  @ConfigProperty(name = "ponybunny.ws.max-queued-bytes", defaultValue = "1048576")
  long maxQueuedBytes;

  @Inject
  @ConfigProperty(name = "ponybunny.ws.replay.max-events", defaultValue = "10000")
  int replayMaxEvents;

  @Inject
  @ConfigProperty(name = "ponybunny.ws.replay.max-age-seconds", defaultValue = "300")
  long replayMaxAgeSeconds;

  @Inject
  @ConfigProperty(name = "ponybunny.ws.completed-streams", defaultValue = "100")
  int completedStreams;

  @Inject
  @ConfigProperty(name = "ponybunny.ws.max-stream-chars", defaultValue = "1000000")
  int maxStreamChars;

  @Inject
  @ConfigProperty(name = "ponybunny.ws.blocking-sends", defaultValue = "auto")
  String blockingSends;

  @Inject
  @ConfigProperty(name = "ponybunny.ws.writer-threads", defaultValue = "0")
  int writerThreads;

  @Inject
  @ConfigProperty(name = "ponybunny.ws.batch-interval-ms", defaultValue = "50")
  long batchIntervalMs;

  @Inject
  @ConfigProperty(name = "ponybunny.ws.send-timeout-ms", defaultValue = "10000")
  long sendTimeoutMs;

  @Inject
  @ConfigProperty(name = "ponybunny.ws.max-free-channels-per-principal", defaultValue = "100")
  int maxFreeChannelsPerPrincipal;

  @Inject Instance<Meter> meters;

  @Resource ManagedScheduledExecutorService managedScheduler;

  @Resource ManagedExecutorService managedExecutor;

  private BroadcastSettings settings = BroadcastSettings.defaults();
  private FreeChannels freeChannels = new FreeChannels(settings.maxFreeChannelsPerPrincipal());
  private BroadcastMetrics metrics = BroadcastMetrics.NOOP;
  private ScheduledExecutorService scheduler;
  private Executor closer;
  private SocketWriters.Mode writeMode = SocketWriters.Mode.ASYNC;
  private ExecutorService writers;
  private ScheduledFuture<?> sweeper;
  private ScheduledFuture<?> writerWatch;
  private ScheduledFuture<?> sendWatch;
  private volatile boolean stopping;

  /** A manager outside CDI (unit tests): {@code scheduler} may be null. */
  public static BroadcastManager create(
      BroadcastSettings settings, ScheduledExecutorService scheduler, BroadcastMetrics metrics) {
    return create(settings, scheduler, metrics, System::currentTimeMillis);
  }

  /** A manager outside CDI with its own clock (epoch milliseconds). */
  static BroadcastManager create(
      BroadcastSettings settings,
      ScheduledExecutorService scheduler,
      BroadcastMetrics metrics,
      LongSupplier clock) {
    BroadcastManager m = new BroadcastManager();
    m.clock = clock;
    m.settings = settings;
    m.freeChannels = new FreeChannels(settings.maxFreeChannelsPerPrincipal());
    m.scheduler = scheduler;
    m.metrics = metrics == null ? BroadcastMetrics.NOOP : metrics;
    return m;
  }

  @PostConstruct
  void init() {
    settings =
        new BroadcastSettings(
            maxQueuedBytes,
            replayMaxEvents,
            TimeUnit.SECONDS.toMillis(replayMaxAgeSeconds),
            completedStreams,
            maxStreamChars,
            batchIntervalMs,
            sendTimeoutMs,
            maxFreeChannelsPerPrincipal);
    freeChannels = new FreeChannels(settings.maxFreeChannelsPerPrincipal());
    try {
      if (meters.isResolvable()) {
        metrics = new BroadcastMetrics(meters.get());
      }
    } catch (RuntimeException e) {
      LOG.log(Level.INFO, "no telemetry meter; broadcast metrics are off", e);
    }
    scheduler = managedScheduler;
    SocketWriters.Mode mode = SocketWriters.mode(blockingSends);
    int poolThreads = writerThreads > 0 ? writerThreads : SocketWriters.poolThreads();
    writers = SocketWriters.open(mode, poolThreads);
    writeMode = writers == null ? SocketWriters.Mode.ASYNC : mode;
    // A close frame can wait seconds behind a slow client's unread data (Liberty waits for the
    // pending write first): closes never run on a publisher's thread, nor on a bounded writer.
    closer = writeMode == SocketWriters.Mode.VIRTUAL_THREADS ? writers : managedExecutor;
    LOG.info(
        switch (writeMode) {
          case ASYNC -> "WebSocket frames go out through the container's asynchronous send";
          case VIRTUAL_THREADS ->
              "WebSocket frames go out through blocking sends on virtual threads";
          case THREAD_POOL ->
              "WebSocket frames go out through blocking sends on "
                  + poolThreads
                  + " writer threads";
        });
    if (writers instanceof WriterPool pool && scheduler != null) {
      long every = WriterPool.STALL_MILLIS / 2;
      writerWatch =
          scheduler.scheduleWithFixedDelay(
              pool::handBackIfStalled, every, every, TimeUnit.MILLISECONDS);
    }
    if (scheduler != null && settings.sendTimeoutMillis() > 0) {
      long every = Math.max(100, settings.sendTimeoutMillis() / 4);
      sendWatch =
          scheduler.scheduleWithFixedDelay(
              this::closeTimedOutSends, every, every, TimeUnit.MILLISECONDS);
    }
    if (scheduler != null) {
      long every = sweepMillis(settings.replayMaxAgeMillis());
      sweeper = scheduler.scheduleWithFixedDelay(this::sweep, every, every, TimeUnit.MILLISECONDS);
    }
  }

  /** Closes every socket with 1001 "server stopping". */
  @PreDestroy
  public void shutdown() {
    stopping = true;
    if (sweeper != null) {
      sweeper.cancel(false);
    }
    if (writerWatch != null) {
      writerWatch.cancel(false);
    }
    if (sendWatch != null) {
      sendWatch.cancel(false);
    }
    for (SessionSender s : senders) {
      CloseReason stopping = new CloseReason(CloseReason.CloseCodes.GOING_AWAY, "server stopping");
      if (writeMode == SocketWriters.Mode.VIRTUAL_THREADS) {
        s.close(stopping); // on our virtual threads, which still run after the shutdown below
      } else {
        s.closeHere(stopping); // the managed executor may no longer run tasks now
      }
    }
    senders.clear();
    if (writers != null) {
      writers.shutdown(); // closes already handed to it still run; later ones run on the caller
    }
    if (scheduler instanceof ScheduledThreadPoolExecutor own) {
      own.shutdown();
    }
  }

  /** Identifies this server run; it changes on restart. */
  public String epoch() {
    return epoch;
  }

  public BroadcastSettings settings() {
    return settings;
  }

  void onEvent(@ObservesAsync ChannelEvent event) {
    publish(event);
  }

  /**
   * Publishes {@code event} on its goal's channel, on its owner's channel (what a non-admin's
   * {@code /ws/streams} shows) and on the all-streams channel (admins').
   */
  public void publish(ChannelEvent event) {
    String data = StreamFrames.data(event);
    if (event.goalId() != null) {
      publishOn(goalChannel(event.goalId()), event, data);
    }
    String owner = ownerOf(event);
    if (owner != null) {
      publishOn(ownerChannel(owner), event, data);
    }
    publishOn(ALL_STREAMS, event, data);
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
    return event instanceof StreamEvent || event.goalId() == null
        ? null
        : goalOwners.apply(event.goalId());
  }

  /** Sets how the owner of a goal is found (the application's channel owners). */
  public void goalOwners(Function<String, String> goalOwners) {
    this.goalOwners = goalOwners;
  }

  private void publishOn(String name, ChannelEvent event, String data) {
    BroadcastChannel ch;
    while (!(ch = channel(name)).publish(event, data)) {
      remove(name, ch); // retired meanwhile: a fresh one
    }
  }

  /**
   * Subscribes a session to a channel ({@link #goalChannel}, {@link #ownerChannel} or {@link
   * #ALL_STREAMS}), resuming after {@code resume} when it is in that channel's epoch (null: a first
   * connection, which starts with a snapshot).
   */
  public SessionSender subscribe(Session session, String channel, StreamPosition resume) {
    SessionSender sender =
        new SessionSender(
            session,
            settings.maxQueuedChars(),
            settings.batchIntervalMillis(),
            scheduler,
            closer,
            writers,
            metrics);
    if (stopping) {
      sender.close(new CloseReason(CloseReason.CloseCodes.GOING_AWAY, "server stopping"));
      return sender;
    }
    senders.add(sender);
    metrics.connected(1);
    BroadcastChannel.Start start;
    BroadcastChannel ch;
    while ((start = (ch = channel(channel)).subscribe(sender, resume)) == null) {
      remove(channel, ch); // retired meanwhile: a fresh one
    }
    if (start != BroadcastChannel.Start.SNAPSHOT) {
      metrics.replay(start == BroadcastChannel.Start.REPLAYED);
    }
    return sender;
  }

  /**
   * Makes sure the free-form goal channel {@code channel} (an id that names no goal) exists for a
   * subscription of {@code principal}: true when it exists already, or when the principal's
   * subscriptions hold fewer than {@code ponybunny.ws.max-free-channels-per-principal} channels
   * they made (it is made and counted for the principal until its last socket leaves); false
   * otherwise.
   */
  public boolean claimFreeChannel(String channel, String principal) {
    synchronized (freeChannels) {
      BroadcastChannel existing = channels.get(channel);
      if (existing != null && !existing.retired()) {
        return true;
      }
      if (!freeChannels.claim(principal, channel)) {
        return false;
      }
      channel(channel);
      return true;
    }
  }

  /** How many free-form channels one principal's subscriptions may keep at once. */
  public int maxFreeChannelsPerPrincipal() {
    return freeChannels.max();
  }

  /**
   * Removes a session from its channel; a channel left without sockets that never had an event is
   * removed at once (nothing to replay or show).
   */
  public void unsubscribe(SessionSender sender, String channel) {
    sender.markClosed();
    if (senders.remove(sender)) {
      metrics.connected(-1);
    }
    BroadcastChannel ch = channels.get(channel);
    if (ch != null) {
      ch.unsubscribe(sender);
      if (!ALL_STREAMS.equals(channel)) {
        if (ch.retireIfUnused()) {
          remove(channel, ch);
        } else if (ch.subscriberCount() == 0) {
          freeChannels.released(channel);
        }
      }
    }
  }

  /**
   * Closes, with 4008 "send timeout", every socket whose send has been on the wire for longer than
   * the send timeout (its client stopped reading); the closes run on the closer, never here.
   */
  void closeTimedOutSends() {
    long timeout = TimeUnit.MILLISECONDS.toNanos(settings.sendTimeoutMillis());
    for (SessionSender s : senders) {
      try {
        s.closeIfSendTimedOut(timeout);
      } catch (RuntimeException e) {
        LOG.log(Level.FINE, "send timeout check failed", e);
      }
    }
  }

  /**
   * How often {@link #sweep} runs: a quarter of the replay age, between 1 s and 60 s, so a frame
   * outlives its age by at most that.
   */
  static long sweepMillis(long replayMaxAgeMillis) {
    return Math.min(60_000, Math.max(1_000, replayMaxAgeMillis / 4));
  }

  /**
   * On a timer: drops every channel's replay frames older than the replay age (a quiet channel does
   * not keep them until its next event), and removes the channels with no socket, no active stream
   * and nothing left to replay that nobody used for the replay age (their resume points are gone
   * anyway; a later event makes a new channel with a new epoch).
   */
  void sweep() {
    long now = clock.getAsLong();
    long idleSince = now - settings.replayMaxAgeMillis();
    for (Map.Entry<String, BroadcastChannel> e : channels.entrySet()) {
      if (e.getValue().sweep(now, idleSince, !ALL_STREAMS.equals(e.getKey()))) {
        remove(e.getKey(), e.getValue());
      }
    }
  }

  private void remove(String name, BroadcastChannel channel) {
    if (channels.remove(name, channel)) {
      freeChannels.released(name);
    }
  }

  int channelCount() {
    return channels.size();
  }

  /** The channel named {@code name} if it exists now (tests). */
  BroadcastChannel existing(String name) {
    return channels.get(name);
  }

  /** The channel's epoch for a goal (or every event with null), creating the channel. */
  public String channelEpoch(String goalId) {
    return channel(goalId == null ? ALL_STREAMS : goalChannel(goalId)).epoch();
  }

  private BroadcastChannel channel(String name) {
    return channels.computeIfAbsent(
        name,
        n ->
            new BroadcastChannel(
                n,
                epoch + "." + Long.toString(incarnations.incrementAndGet(), 36),
                settings,
                clock));
  }

  /** The channel of one goal ({@code /ws/goals/{goalId}}). */
  public static String goalChannel(String goalId) {
    return "goal:" + goalId;
  }

  /** The channel of one principal's streams and goals (a non-admin's {@code /ws/streams}). */
  public static String ownerChannel(String owner) {
    return "owner:" + owner;
  }
}
