package io.ponybunny.broadcast;

import io.opentelemetry.api.metrics.Meter;
import io.ponybunny.broadcast.transport.BroadcastMetrics;
import io.ponybunny.broadcast.transport.SessionSender;
import io.ponybunny.broadcast.transport.SocketSenders;
import io.ponybunny.broadcast.transport.SocketWriters;
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
import jakarta.websocket.Session;
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

  /** The channel every event goes to. */
  public static final String ALL_STREAMS = "streams";

  @Inject BroadcastConfig config;

  @Inject Instance<Meter> meters;

  @Resource ManagedScheduledExecutorService managedScheduler;

  @Resource ManagedExecutorService managedExecutor;

  private final ChannelRoutes routes = new ChannelRoutes();
  private Channels channels = new Channels(BroadcastSettings.defaults(), System::currentTimeMillis);
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
    m.scheduler = scheduler;
    m.metrics = metrics == null ? BroadcastMetrics.NOOP : metrics;
    m.senders = new SocketSenders(settings.senders(), scheduler, m.writers, m.metrics);
    return m;
  }

  @PostConstruct
  void init() {
    BroadcastSettings settings = config.settings();
    channels = new Channels(settings, System::currentTimeMillis);
    metrics = BroadcastMetrics.of(meters);
    scheduler = managedScheduler;
    writers =
        SocketWriters.start(
            config.blockingSends(), config.writerThreads(), scheduler, managedExecutor);
    senders = new SocketSenders(settings.senders(), scheduler, writers, metrics);
    senders.watchSendTimeouts();
    if (scheduler != null) {
      sweeper = ReplaySweeper.start(channels, settings.replayMaxAgeMillis(), scheduler);
    }
  }

  /** Closes every socket with 1001 "server stopping". */
  @PreDestroy
  public void shutdown() {
    if (sweeper != null) {
      sweeper.stop();
    }
    senders.stop();
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
    String data = StreamFrames.data(event);
    for (String channel : routes.of(event)) {
      channels.publish(channel, event, data);
    }
  }

  /** Sets how the owner of a goal is found (the application's channel owners). */
  public void goalOwners(Function<String, String> goalOwners) {
    routes.goalOwners(goalOwners);
  }

  /**
   * Subscribes a session to a channel ({@link #goalChannel}, {@link #ownerChannel} or {@link
   * #ALL_STREAMS}), resuming after {@code resume} when it is in that channel's epoch (null: a first
   * connection, which starts with a snapshot). Once the server is stopping, the session is closed
   * with 1001 instead.
   */
  public SessionSender subscribe(Session session, String channel, StreamPosition resume) {
    SessionSender sender = senders.open(session);
    if (sender.isClosed()) {
      return sender; // the server is stopping
    }
    BroadcastChannel.Start start = channels.subscribe(channel, sender, resume);
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
    return channels.claimFree(channel, principal);
  }

  /** How many free-form channels one principal's subscriptions may keep at once. */
  public int maxFreeChannelsPerPrincipal() {
    return channels.maxFreePerPrincipal();
  }

  /**
   * Removes a session from its channel; a channel left without sockets that never had an event is
   * removed at once (nothing to replay or show).
   */
  public void unsubscribe(SessionSender sender, String channel) {
    senders.closed(sender);
    channels.unsubscribe(channel, sender);
  }

  /** The channel's epoch for a goal (or every event with null), creating the channel. */
  public String channelEpoch(String goalId) {
    return channels.epoch(goalId == null ? ALL_STREAMS : goalChannel(goalId));
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
