package io.ponybunny.stream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Inject;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Observes {@code llm.stream.*} events and fans them out to WebSocket subscribers: each event goes
 * to its goal's channel ({@code /ws/goals/{goalId}}) and to the all-streams channel ({@code
 * /ws/streams}).
 */
@ApplicationScoped
public class BroadcastManager {

  /** The channel every event goes to. */
  public static final String ALL_STREAMS = "streams";

  private final String epoch = UUID.randomUUID().toString();
  private final ConcurrentMap<String, BroadcastChannel> channels = new ConcurrentHashMap<>();
  private final BroadcastChannel allStreams = new BroadcastChannel(ALL_STREAMS);

  @Inject
  @ConfigProperty(name = "ponybunny.ws.max-queued-bytes", defaultValue = "1048576")
  long maxQueuedBytes;

  /** Identifies this server run; it changes on restart. */
  public String epoch() {
    return epoch;
  }

  void onEvent(@ObservesAsync ChannelEvent event) {
    publish(event);
  }

  /** Publishes {@code event} on its goal's channel and on the all-streams channel. */
  public void publish(ChannelEvent event) {
    if (event.goalId() != null) {
      channels
          .computeIfAbsent(goalChannel(event.goalId()), BroadcastChannel::new)
          .publish(event, epoch);
    }
    allStreams.publish(event, epoch);
  }

  /** Subscribes a session to a goal's events. */
  public SessionSender subscribeGoal(jakarta.websocket.Session session, String goalId) {
    SessionSender sender = new SessionSender(session, maxQueuedBytes);
    channels.computeIfAbsent(goalChannel(goalId), BroadcastChannel::new).subscribe(sender);
    return sender;
  }

  /** Subscribes a session to every event. */
  public SessionSender subscribeAll(jakarta.websocket.Session session) {
    SessionSender sender = new SessionSender(session, maxQueuedBytes);
    allStreams.subscribe(sender);
    return sender;
  }

  /** Removes a session from a goal's channel. */
  public void unsubscribeGoal(SessionSender sender, String goalId) {
    channels.computeIfPresent(
        goalChannel(goalId),
        (k, ch) -> {
          ch.unsubscribe(sender);
          return ch;
        });
  }

  /** Removes a session from the all-streams channel. */
  public void unsubscribeAll(SessionSender sender) {
    allStreams.unsubscribe(sender);
  }

  private static String goalChannel(String goalId) {
    return "goal:" + goalId;
  }
}
