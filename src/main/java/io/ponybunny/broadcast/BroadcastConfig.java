package io.ponybunny.broadcast;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The broadcast's configuration, {@code ponybunny.ws.*} (see {@code
 * microprofile-config.properties}), read once: it was dependent-scoped, so every completion request
 * (whose resource injects it) resolved its eleven properties again (findings 13).
 */
@ApplicationScoped
public class BroadcastConfig {

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
  @ConfigProperty(name = "ponybunny.ws.replay.max-bytes", defaultValue = "134217728")
  long replayMaxBytes;

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

  /** The limits of channels and sockets. */
  BroadcastSettings settings() {
    return new BroadcastSettings(
        maxQueuedBytes,
        replayMaxEvents,
        TimeUnit.SECONDS.toMillis(replayMaxAgeSeconds),
        completedStreams,
        maxStreamChars,
        batchIntervalMs,
        sendTimeoutMs,
        maxFreeChannelsPerPrincipal,
        replayMaxBytes);
  }

  /**
   * What every subscriber's sender gets: the queue bound, the batch pacing and the send timeout
   * (also the bounds of a server-sent event stream that has no channel, a completion's).
   */
  public io.ponybunny.broadcast.transport.SenderSettings senders() {
    return settings().senders();
  }

  /**
   * {@code ponybunny.ws.blocking-sends}: see {@link
   * io.ponybunny.broadcast.transport.SocketWriters}.
   */
  String blockingSends() {
    return blockingSends;
  }

  /** {@code ponybunny.ws.writer-threads}: a writer pool's size, 0 for the default. */
  int writerThreads() {
    return writerThreads;
  }
}
