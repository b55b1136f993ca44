package io.ponybunny.broadcast.redis;

import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.ponybunny.broadcast.StreamFrames;
import java.net.SocketAddress;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The channels' shared event log in Redis: every instance that appends to a channel gets the same
 * numbering (one epoch, a gapless seq from 1, one order), and every instance that follows it sees
 * its entries in that order. Each channel has a meta hash (epoch, last seq), a stream of its recent
 * entries (about {@code maxEvents}, by seq) and a pub/sub topic; a channel's keys expire {@code
 * ttlMillis} after its last append, and a channel without an epoch (new, expired, or lost by Redis)
 * gets a fresh one whose seq starts again at 1.
 *
 * <p>Appends are queued and sent by one flusher thread, in queue order, in script calls of at most
 * {@code maxBatch} events (so one caller's appends keep their order, and a burst goes in few
 * calls); while Redis is away they wait, at most {@code maxPending} of them, and go in order when
 * it is back (once this log's subscriptions are restored), none twice. Followed channels' entries
 * reach the {@link Listener} on one thread of this log, never Netty's, in the order Redis published
 * them; after Redis comes back (Lettuce reconnects by itself) the listener hears {@link
 * Listener#reconnected()} once the subscriptions are restored, and can fill any gap with {@link
 * #range}. The log opens two connections on the given client (commands, pub/sub) and closes them
 * with its threads in {@link #close()}; the client stays the caller's.
 *
 * <p>Made for a standalone Redis (or one primary): a batch spans channels in different slots.
 */
public final class RedisChannelLog implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(RedisChannelLog.class.getName());

  /**
   * @param keyPrefix prefix of every key and topic ({@code "pb:"})
   * @param maxEvents entries kept per channel stream (approximately: XADD MAXLEN ~)
   * @param ttlMillis a channel's keys expire this long after its last append
   * @param maxBatch events per script call
   * @param maxPending appends that may wait (while Redis is away); beyond, new ones are dropped
   * @param timeoutMillis how long a call to Redis may take; also how long {@link #close()} flushes
   */
  public record Settings(
      String keyPrefix,
      int maxEvents,
      long ttlMillis,
      int maxBatch,
      int maxPending,
      long timeoutMillis) {

    public Settings {
      Objects.requireNonNull(keyPrefix, "keyPrefix");
      if (maxEvents < 1 || ttlMillis < 1 || maxBatch < 1 || maxPending < 1 || timeoutMillis < 1) {
        throw new IllegalArgumentException(
            "maxEvents, ttlMillis, maxBatch, maxPending and timeoutMillis must be positive");
      }
    }
  }

  /** One entry of a channel: its position, event name, timestamp and data (JSON text). */
  public record Entry(String epoch, long seq, String eventName, long timestamp, String data) {

    /** The event frame, {@link StreamFrames#event(String, String, long, String)}. */
    public String frame() {
      return StreamFrames.event(eventName, epoch, seq, data);
    }
  }

  /** A channel's epoch and last seq (0: nothing appended in this epoch yet). */
  public record Head(String epoch, long seq) {}

  /**
   * The entries after a seq, read at one moment together with the channel's epoch and last seq.
   * {@code entries} is empty when there is none after it or when {@code epoch} is not the one asked
   * about. {@code complete} says that {@code entries} start right after the seq asked about, in the
   * epoch asked about: it is false when the epoch differs, when entries between the seq and the
   * first returned one are no longer held (trimmed or expired), or when the seq is beyond {@code
   * lastSeq}. A complete range may still end before {@code lastSeq} (at {@code max}).
   */
  public record Range(String epoch, long lastSeq, List<Entry> entries, boolean complete) {
    public Range {
      entries = List.copyOf(entries);
    }
  }

  /** Hears the followed channels; called on the log's one delivery thread, in order. */
  public interface Listener {

    /** A new entry of followed {@code channel}. */
    void entry(String channel, Entry entry);

    /**
     * The pub/sub connection came back and its subscriptions are restored: gaps may exist. Returns
     * false when it could not catch up (Redis not answering yet): it is called again a second
     * later, until it returns true.
     */
    boolean reconnected();
  }

  private final Settings settings;
  private final ChannelKeys keys;
  private final StatefulRedisConnection<String, String> commands;
  private final StatefulRedisPubSubConnection<String, String> pubsub;
  private final Set<String> followed = ConcurrentHashMap.newKeySet();
  private final LogScripts scripts;
  private final Delivery delivery;
  private final AppendFlusher flusher;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final RedisConnectionStateListener commandsState;
  private final RedisConnectionStateListener pubsubState;

  private volatile boolean subscribed = true;
  private volatile boolean pubsubLost;

  /**
   * Opens a commands connection and a pub/sub connection on {@code client}, loads the scripts and
   * starts the flusher and delivery threads.
   *
   * @throws RedisUnavailableException when Redis cannot be reached (nothing is left open)
   */
  public RedisChannelLog(RedisClient client, Settings settings, Listener listener) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.keys = new ChannelKeys(settings.keyPrefix());
    String id = LogScripts.token();
    StatefulRedisConnection<String, String> c = null;
    StatefulRedisPubSubConnection<String, String> p = null;
    try {
      c = client.connect(StringCodec.UTF8);
      p = client.connectPubSub(StringCodec.UTF8);
      StatefulRedisConnection<String, String> opened = c;
      this.scripts = new LogScripts(c.async(), opened::isOpen, settings.timeoutMillis());
    } catch (RedisException e) {
      closeQuietly(p);
      closeQuietly(c);
      throw new RedisUnavailableException(
          "cannot open the channel log (" + e.getClass().getSimpleName() + ")", e);
    } catch (RuntimeException e) {
      closeQuietly(p);
      closeQuietly(c);
      throw e;
    }
    this.commands = c;
    this.pubsub = p;
    this.delivery =
        new Delivery(
            Objects.requireNonNull(listener, "listener"),
            followed::contains,
            "pb-redis-log-delivery-" + id);
    this.flusher =
        new AppendFlusher(scripts, keys, settings, this::connected, id, "pb-redis-log-flush-" + id);
    pubsub.addListener(
        new RedisPubSubAdapter<>() {
          @Override
          public void message(String topic, String message) {
            received(topic, message);
          }
        });
    this.pubsubState =
        new RedisConnectionStateListener() {
          @Override
          public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress a) {
            pubsubConnected();
          }

          @Override
          public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
            subscribed = false;
            pubsubLost = true;
          }
        };
    this.commandsState =
        new RedisConnectionStateListener() {
          @Override
          public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress a) {
            flusher.wake();
          }
        };
    pubsub.addListener(pubsubState);
    commands.addListener(commandsState);
    delivery.start();
    flusher.start();
  }

  /**
   * Queues an append of event {@code eventName} with {@code data} (JSON text) to {@code channel};
   * never blocks. Dropped (see {@link #dropped()}) when {@code maxPending} appends wait or the log
   * is closed.
   */
  public void append(String channel, String eventName, String data, long timestamp) {
    flusher.offer(
        new AppendFlusher.Pending(
            requireChannel(channel),
            Objects.requireNonNull(eventName, "eventName"),
            Objects.requireNonNull(data, "data"),
            timestamp));
  }

  /** The channel's epoch and last seq, making its epoch (seq 0) when it has none. */
  public Head head(String channel) {
    List<Object> r =
        scripts.head(
            keys.meta(requireChannel(channel)),
            keys.stream(channel),
            settings.ttlMillis(),
            settings.timeoutMillis());
    return new Head((String) r.get(0), Long.parseLong((String) r.get(1)));
  }

  /**
   * Up to {@code max} entries after {@code afterSeq} of {@code channel} in {@code epoch}, read
   * atomically with the channel's epoch and last seq (the epoch is made when the channel has none,
   * as {@link #head} does).
   */
  public Range range(String channel, String epoch, long afterSeq, int max) {
    Objects.requireNonNull(epoch, "epoch");
    if (afterSeq < 0 || max < 1) {
      throw new IllegalArgumentException("afterSeq must be >= 0 and max >= 1");
    }
    List<Object> r =
        scripts.range(
            keys.meta(requireChannel(channel)),
            keys.stream(channel),
            settings.ttlMillis(),
            epoch,
            afterSeq,
            max,
            settings.timeoutMillis());
    String current = (String) r.get(0);
    long last = Long.parseLong((String) r.get(1));
    List<Entry> entries = Entries.fromRows(current, (List<?>) r.get(2));
    boolean complete =
        current.equals(epoch)
            && afterSeq <= last
            && (afterSeq == last || (!entries.isEmpty() && entries.get(0).seq() == afterSeq + 1));
    return new Range(current, last, entries, complete);
  }

  /**
   * Follows {@code channel}: its new entries reach the listener. Returns once Redis confirmed the
   * subscription; following a followed channel again changes nothing.
   */
  public void follow(String channel) {
    requireChannel(channel);
    if (!pubsub.isOpen()) {
      throw new RedisUnavailableException("Redis is not connected");
    }
    followed.add(channel);
    try {
      await(pubsub.async().subscribe(keys.topic(channel)));
    } catch (RuntimeException e) {
      followed.remove(channel);
      throw e;
    }
  }

  /** Stops following {@code channel}: no more of its entries reach the listener. */
  public void unfollow(String channel) {
    if (followed.remove(requireChannel(channel))) {
      // Not awaited: the delivery thread drops what still comes. While Redis is away Lettuce holds
      // the command and sends it after its own re-subscription, so the channel stays unfollowed.
      pubsub.async().unsubscribe(keys.topic(channel));
    }
  }

  /** Whether both connections are up and the subscriptions restored (appends flow). */
  public boolean connected() {
    return commands.isOpen() && pubsub.isOpen() && subscribed;
  }

  /**
   * Appends that will never reach Redis: dropped because {@code maxPending} waited, refused by
   * Redis, made after {@link #close()}, or still queued when close gave up.
   */
  public long dropped() {
    return flusher.dropped();
  }

  /**
   * Sends what is queued (within {@code timeoutMillis}), stops the flusher and delivery threads and
   * closes the connections. Later appends are dropped; a second call does nothing.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      flusher.close(settings.timeoutMillis());
      delivery.close(settings.timeoutMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      pubsub.removeListener(pubsubState);
      commands.removeListener(commandsState);
      closeQuietly(pubsub);
      closeQuietly(commands);
    }
  }

  private void received(String topic, String message) {
    String channel = keys.channelOf(topic);
    Entry entry = channel == null ? null : Entries.fromMessage(message);
    if (entry == null) {
      LOG.warning("ignored a message that is not a channel log entry");
      return;
    }
    delivery.entry(channel, entry);
  }

  /**
   * On Netty's event loop after the pub/sub connection (re)connected: after a loss, subscribes the
   * followed channels again (Lettuce does too; a second SUBSCRIBE is harmless and this one tells
   * when they are confirmed), then tells the listener and lets appends flow.
   */
  private void pubsubConnected() {
    if (!pubsubLost || closed.get()) {
      return;
    }
    pubsubLost = false;
    String[] topics = followed.stream().map(keys::topic).toArray(String[]::new);
    if (topics.length == 0) {
      restored();
      return;
    }
    pubsub
        .async()
        .subscribe(topics)
        .whenComplete(
            (ok, failure) -> {
              if (failure == null) {
                restored();
              } else {
                LOG.log(
                    Level.WARNING,
                    "could not subscribe the followed channels again ("
                        + failure.getClass().getSimpleName()
                        + "); waiting for the next reconnection");
              }
            });
  }

  private void restored() {
    LOG.info("Redis channel log reconnected");
    delivery.reconnected();
    subscribed = true;
    flusher.wake();
  }

  private <T> T await(RedisFuture<T> future) {
    try {
      return future.get(settings.timeoutMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      future.cancel(false);
      throw new RedisUnavailableException(
          "Redis did not answer within " + settings.timeoutMillis() + " ms");
    } catch (InterruptedException e) {
      future.cancel(false);
      Thread.currentThread().interrupt();
      throw new RedisUnavailableException("interrupted while waiting for Redis", e);
    } catch (ExecutionException e) {
      throw new RedisUnavailableException(
          "Redis is unreachable (" + e.getCause().getClass().getSimpleName() + ")", e.getCause());
    }
  }

  private static String requireChannel(String channel) {
    if (channel == null || channel.isEmpty()) {
      throw new IllegalArgumentException("a channel needs a name");
    }
    return channel;
  }

  private static void closeQuietly(AutoCloseable connection) {
    if (connection == null) {
      return;
    }
    try {
      connection.close();
    } catch (Exception e) {
      LOG.log(Level.FINE, "closing a Redis connection failed", e);
    }
  }
}
