package io.ponybunny.event;

import io.ponybunny.ManagedExecutors;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.NotificationOptions;
import jakarta.inject.Inject;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Fires channel events ({@code llm.stream.*}, {@code goal.*}, ...) as CDI async events, keeping the
 * events of one ordering key (a request, a goal) in order: they all go through one {@link
 * SerialExecutor}.
 */
@ApplicationScoped
public class StreamEventPublisher {

  private static final Logger LOG = Logger.getLogger(StreamEventPublisher.class.getName());

  @Inject Event<ChannelEvent> events;

  @Resource(lookup = ManagedExecutors.STREAM_EXECUTOR)
  ManagedExecutorService executor;

  private final ConcurrentMap<String, Lane> lanes = new ConcurrentHashMap<>();

  public StreamEventPublisher() {}

  /** For tests: a publisher firing through {@code events}, its lanes backed by {@code executor}. */
  public StreamEventPublisher(Event<ChannelEvent> events, ManagedExecutorService executor) {
    this.events = events;
    this.executor = executor;
  }

  /**
   * Fires {@code event} after every event fired before it for the same request. A stream event
   * ({@code llm.stream.*}) whose lane is idle is delivered on the calling thread, the one reading
   * the provider's stream: the observers only queue frames and never block, and the hand-off to
   * another thread was most of the latency a chunk gained on its way to the subscribers. Other
   * events, and stream events behind a busy lane, go through the managed executor.
   */
  public void publish(ChannelEvent event) {
    Lane lane = lanes.computeIfAbsent(event.orderingKey(), k -> Lane.of(executor));
    events
        .fireAsync(event, event instanceof StreamEvent ? lane.callerRuns() : lane.queued())
        .exceptionally(
            t -> {
              LOG.log(Level.WARNING, "stream event observer failed: " + event.eventName(), t);
              return event;
            });
    if (event.terminal()) {
      lane.serial().execute(() -> lanes.remove(event.orderingKey()));
    }
  }

  /**
   * One ordering key's {@link SerialExecutor} and the two ways to fire on it, made once per key
   * (building the options for every event was a sixtieth of what a chunk allocated, findings 14).
   */
  private record Lane(
      SerialExecutor serial, NotificationOptions callerRuns, NotificationOptions queued) {

    static Lane of(ManagedExecutorService executor) {
      SerialExecutor serial = new SerialExecutor(executor);
      return new Lane(
          serial,
          NotificationOptions.ofExecutor(serial.callerRunsWhenIdle()),
          NotificationOptions.ofExecutor(serial));
    }
  }
}
