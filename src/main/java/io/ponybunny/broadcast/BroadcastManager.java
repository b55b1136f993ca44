package io.ponybunny.broadcast;

import io.opentelemetry.api.metrics.Meter;
import io.ponybunny.broadcast.redis.RedisChannelLog;
import io.ponybunny.broadcast.redis.RedisUnavailableException;
import io.ponybunny.broadcast.transport.BroadcastMetrics;
import io.ponybunny.broadcast.transport.SessionSender;
import io.ponybunny.broadcast.transport.SocketSenders;
import io.ponybunny.broadcast.transport.SocketWriters;
import io.ponybunny.broadcast.transport.Wire;
import io.ponybunny.cluster.ClusterConfig;
import io.ponybunny.cluster.ClusterRedis;
import io.ponybunny.event.ChannelEvent;
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
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Observes channel events ({@code llm.stream.*}, {@code goal.*}, ...) and fans them out to
 * WebSocket subscribers: each event goes to the channels its {@link ChannelRoutes} name, each
 * numbering it on its own (see {@link BroadcastChannel}). Subscribing starts with a snapshot or a
 * replay ({@code docs/streaming-protocol.md}). Wires the {@link Channels}, their {@link
 * ReplaySweeper} and the sockets' transport ({@link SocketSenders}, {@link SocketWriters}) at
 * start; stopping the application closes every socket with 1001.
 */
@ApplicationScoped
public class BroadcastManager {

  /** How a socket is closed when the cluster's broadcast (Redis) cannot be reached. */
  static final CloseReason BROADCAST_UNAVAILABLE =
      new CloseReason(CloseReason.CloseCodes.TRY_AGAIN_LATER, "broadcast unavailable");

  /** The channel every event goes to. */
  public static final String ALL_STREAMS = "streams";

  @Inject BroadcastConfig config;

  @Inject ClusterConfig cluster;

  @Inject ClusterRedis redis;

  @Inject Instance<Meter> meters;

  @Resource ManagedScheduledExecutorService managedScheduler;

  @Resource ManagedExecutorService managedExecutor;

  private final ChannelRoutes routes = new ChannelRoutes();
  private Channels channels = new Channels(BroadcastSettings.defaults(), System::currentTimeMillis);
  private ChannelEngine engine = channels;
  private BroadcastMetrics metrics = BroadcastMetrics.NOOP;
  private ScheduledExecutorService scheduler;
  private SocketWriters writers = SocketWriters.asyncOnly();
  private SocketSenders senders =
      new SocketSenders(BroadcastSettings.defaults().senders(), null, writers, metrics);
  private ReplaySweeper sweeper;

  /** A manager outside CDI (unit tests): {@code scheduler} may be null. */
  public static BroadcastManager create(
      BroadcastSettings settings, ScheduledExecutorService scheduler, BroadcastMetrics metrics) {
    return create(settings, scheduler, metrics, System::currentTimeMillis);
  }

  /**
   * A manager outside CDI with its own clock (epoch milliseconds): asynchronous sends, and no
   * timers (tests sweep by hand).
   */
  static BroadcastManager create(
      BroadcastSettings settings,
      ScheduledExecutorService scheduler,
      BroadcastMetrics metrics,
      LongSupplier clock) {
    BroadcastManager m = new BroadcastManager();
    m.channels = new Channels(settings, clock);
    m.engine = m.channels;
    m.scheduler = scheduler;
    m.metrics = metrics == null ? BroadcastMetrics.NOOP : metrics;
    m.senders = new SocketSenders(settings.senders(), scheduler, m.writers, m.metrics);
    return m;
  }

  @PostConstruct
  void init() {
    BroadcastSettings settings = config.settings();
    channels = new Channels(settings, System::currentTimeMillis);
    engine = cluster != null && cluster.enabled() ? clusterEngine(settings) : channels;
    metrics = BroadcastMetrics.of(meters);
    scheduler = managedScheduler;
    writers =
        SocketWriters.start(
            config.blockingSends(), config.writerThreads(), scheduler, managedExecutor);
    senders = new SocketSenders(settings.senders(), scheduler, writers, metrics);
    senders.watchSendTimeouts();
    if (scheduler != null) {
      sweeper = ReplaySweeper.start(engine, settings.replayMaxAgeMillis(), scheduler);
    }
  }

  /**
   * The cluster's channels: numbered in Redis, mirrored here (ADR 0013). A channel's history lives
   * in Redis for {@code ponybunny.cluster.channel-ttl-seconds} after its last event, at most {@code
   * ponybunny.ws.replay.max-events} events of it.
   */
  private ChannelEngine clusterEngine(BroadcastSettings settings) {
    RedisChannelLog.Settings log =
        new RedisChannelLog.Settings(
            "pb:",
            settings.replayMaxEvents(),
            cluster.channelTtlMillis(),
            cluster.batchMaxEvents(),
            cluster.maxPendingEvents(),
            cluster.redisTimeoutMillis());
    return ClusterChannels.create(
        settings,
        System::currentTimeMillis,
        listener -> new RedisChannelLog(redis.client(), log, listener));
  }

  /** Closes every socket with 1001 "server stopping". */
  @PreDestroy
  public void shutdown() {
    if (sweeper != null) {
      sweeper.stop();
    }
    senders.stop();
    engine.close();
    writers.stop(); // closes already handed to them still run; later ones run on the caller
    if (scheduler instanceof ScheduledThreadPoolExecutor own) {
      own.shutdown();
    }
  }

  /** Identifies this server run; it changes on restart. */
  public String epoch() {
    return channels.serverEpoch();
  }

  void onEvent(@ObservesAsync ChannelEvent event) {
    publish(event);
  }

  /**
   * Publishes {@code event} on its goal's channel, on its owner's channel (what a non-admin's
   * {@code /ws/streams} shows) and on the all-streams channel (admins').
   */
  public void publish(ChannelEvent event) {
    engine.publish(routes.of(event), event);
  }

  /** Sets how the owner of a goal is found (the application's channel owners). */
  public void goalOwners(Function<String, String> goalOwners) {
    routes.goalOwners(goalOwners);
  }

  /**
   * Sets how the owner of a stream started on another instance is found (its record), for the
   * terminal event another instance publishes when the stream's instance died.
   */
  public void recordedStreamOwners(Function<String, String> streamOwners) {
    routes.recordedStreamOwners(streamOwners);
  }

  /**
   * Subscribes a session to a channel ({@link #goalChannel}, {@link #ownerChannel} or {@link
   * #ALL_STREAMS}), resuming after {@code resume} when it is in that channel's epoch (null: a first
   * connection, which starts with a snapshot). Once the server is stopping, the session is closed
   * with 1001 instead.
   */
  public SessionSender subscribe(Session session, String channel, StreamPosition resume) {
    return subscribe(Wire.of(session), channel, resume);
  }

  /**
   * As {@link #subscribe(Session, String, StreamPosition)}, for a subscriber on any {@link Wire} (a
   * server-sent event stream): the same queue bound, pacing, send timeout and closes.
   */
  public SessionSender subscribe(Wire wire, String channel, StreamPosition resume) {
    SessionSender sender = senders.open(wire);
    if (sender.isClosed()) {
      return sender; // the server is stopping
    }
    BroadcastChannel.Start start;
    try {
      start = engine.subscribe(channel, sender, resume);
    } catch (RedisUnavailableException e) {
      sender.close(BROADCAST_UNAVAILABLE);
      return sender;
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
    try {
      return engine.claimFree(channel, principal);
    } catch (RedisUnavailableException e) {
      return true; // the subscription that follows is closed with 1013
    }
  }

  /** How many free-form channels one principal's subscriptions may keep at once. */
  public int maxFreeChannelsPerPrincipal() {
    return engine.maxFreePerPrincipal();
  }

  /**
   * Removes a session from its channel; a channel left without sockets that never had an event is
   * removed at once (nothing to replay or show).
   */
  public void unsubscribe(SessionSender sender, String channel) {
    senders.closed(sender);
    engine.unsubscribe(channel, sender);
  }

  /**
   * The request ids of goal {@code goalId}'s streams still streaming on {@code instance}, as its
   * channel saw them (a stream that died before its history record was written is only there).
   */
  public List<String> streamingOn(String goalId, String instance) {
    return engine.streamingOn(goalChannel(goalId), instance);
  }

  /** The channel's epoch for a goal (or every event with null), creating the channel. */
  public String channelEpoch(String goalId) {
    return engine.epoch(goalId == null ? ALL_STREAMS : goalChannel(goalId));
  }

  /** The live channels (tests). */
  Channels channels() {
    return channels;
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
