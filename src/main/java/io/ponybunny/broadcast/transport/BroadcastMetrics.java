package io.ponybunny.broadcast.transport;

import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.LongUpDownCounter;
import io.opentelemetry.api.metrics.Meter;
import jakarta.enterprise.inject.Instance;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The broadcast's MP Telemetry metrics: connected sockets, frames and characters sent, queued
 * characters (queue depth), slow-consumer closes, and resume requests served from the replay buffer
 * (hits) or answered with a snapshot (misses).
 */
public class BroadcastMetrics {

  /** Records nothing (unit tests, or no telemetry). */
  public static final BroadcastMetrics NOOP = new BroadcastMetrics();

  private static final Logger LOG = Logger.getLogger(BroadcastMetrics.class.getName());

  private final LongUpDownCounter sockets;
  private final LongCounter frames;
  private final LongCounter bytes;
  private final LongUpDownCounter queued;
  private final LongCounter slowConsumers;
  private final LongCounter replayHits;
  private final LongCounter replayMisses;

  private BroadcastMetrics() {
    sockets = null;
    frames = null;
    bytes = null;
    queued = null;
    slowConsumers = null;
    replayHits = null;
    replayMisses = null;
  }

  public BroadcastMetrics(Meter meter) {
    sockets =
        meter
            .upDownCounterBuilder("ponybunny.ws.connections")
            .setDescription("Open WebSocket connections on the broadcast channels")
            .build();
    frames =
        meter
            .counterBuilder("ponybunny.ws.frames.sent")
            .setDescription("WebSocket frames sent (a batch counts once)")
            .build();
    bytes =
        meter
            .counterBuilder("ponybunny.ws.bytes.sent")
            .setDescription("Characters of WebSocket frames sent (bytes for ASCII)")
            .setUnit("By")
            .build();
    queued =
        meter
            .upDownCounterBuilder("ponybunny.ws.queue.depth")
            .setDescription("Characters queued for WebSocket clients, not yet sent")
            .setUnit("By")
            .build();
    slowConsumers =
        meter
            .counterBuilder("ponybunny.ws.slow_consumer.closes")
            .setDescription("Sockets closed with 4008 slow consumer")
            .build();
    replayHits =
        meter
            .counterBuilder("ponybunny.ws.replay.hits")
            .setDescription("Resumes served from the replay buffer")
            .build();
    replayMisses =
        meter
            .counterBuilder("ponybunny.ws.replay.misses")
            .setDescription("Resumes answered with a snapshot (unknown epoch or evicted since)")
            .build();
  }

  /** The metrics on the server's telemetry meter, or {@link #NOOP} when it has none. */
  public static BroadcastMetrics of(Instance<Meter> meters) {
    try {
      if (meters != null && meters.isResolvable()) {
        return new BroadcastMetrics(meters.get());
      }
    } catch (RuntimeException e) {
      LOG.log(Level.INFO, "no telemetry meter; broadcast metrics are off", e);
    }
    return NOOP;
  }

  public void connected(int delta) {
    if (sockets != null) {
      sockets.add(delta);
    }
  }

  public void sent(int chars) {
    if (frames != null) {
      frames.add(1);
      bytes.add(chars);
    }
  }

  public void queued(long deltaChars) {
    if (queued != null && deltaChars != 0) {
      queued.add(deltaChars);
    }
  }

  public void slowConsumerClosed() {
    if (slowConsumers != null) {
      slowConsumers.add(1);
    }
  }

  public void replay(boolean hit) {
    if (replayHits != null) {
      (hit ? replayHits : replayMisses).add(1);
    }
  }
}
