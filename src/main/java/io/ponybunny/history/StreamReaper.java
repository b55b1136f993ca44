package io.ponybunny.history;

import io.ponybunny.broadcast.BroadcastManager;
import io.ponybunny.event.StreamEvent;
import io.ponybunny.event.StreamEventPublisher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Ends the streams a dead cluster instance left {@code streaming} ({@link LostStreams}) and fires
 * one {@code llm.stream.error} ("instance lost") for each, through the publisher every stream event
 * goes through, so subscribers of the stream and of its goal learn it ended. Across the cluster
 * each lost stream is announced once: by the instance whose update ended it.
 */
@ApplicationScoped
public class StreamReaper {

  private static final Logger LOG = Logger.getLogger(StreamReaper.class.getName());

  /** The error of a stream whose instance died. */
  public static final String INSTANCE_LOST = "instance lost";

  /** The streams a goal's channel shows streaming on an instance: (goalId, instance) → ids. */
  @FunctionalInterface
  public interface ChannelStreams {
    List<String> streamingOn(String goalId, String instance);
  }

  @Inject LostStreams streams;
  @Inject StreamEventPublisher publisher;
  @Inject BroadcastManager broadcast;
  private ChannelStreams channel;

  /** For CDI. */
  public StreamReaper() {}

  /** With these collaborators (tests). */
  public StreamReaper(LostStreams streams, StreamEventPublisher publisher, ChannelStreams channel) {
    this.streams = streams;
    this.publisher = publisher;
    this.channel = channel;
  }

  /**
   * The streams of a goal taken over from {@code deadInstance} (null: unknown); returns how many
   * this call ended. Those with a history record end through it; those the instance died with
   * before writing their record (it is written as the first chunk goes out) are found in the goal's
   * channel, which saw them start on that instance, and end there, so the channel's subscribers see
   * every stream of the goal end.
   */
  public int goalTakenOver(String goalId, String deadInstance) {
    List<String> open =
        deadInstance == null ? List.of() : channel().streamingOn(goalId, deadInstance);
    int ended = announce(streams.ofGoal(goalId, INSTANCE_LOST, System.currentTimeMillis()));
    // A stream with a record ends through it, here or by another instance's reaper (which may
    // have ended it before this takeover): only the ones without a record are the channel's.
    Set<String> recorded = open.isEmpty() ? Set.of() : streams.recorded(open);
    long now = System.currentTimeMillis();
    for (String requestId : open) {
      if (!recorded.contains(requestId)) {
        publisher.publish(new StreamEvent.Error(requestId, goalId, INSTANCE_LOST, now));
        ended++;
      }
    }
    return ended;
  }

  private ChannelStreams channel() {
    if (channel == null) {
      channel = broadcast::streamingOn;
    }
    return channel;
  }

  /** At start: the streams the previous process of {@code instance} left streaming. */
  public int restarted(String instance) {
    return announce(streams.ofInstance(instance, INSTANCE_LOST, System.currentTimeMillis()));
  }

  /** The streams of instances last seen before {@code lastSeenBefore}. */
  public int reapDead(long lastSeenBefore) {
    return announce(
        streams.ofDeadInstances(lastSeenBefore, INSTANCE_LOST, System.currentTimeMillis()));
  }

  private int announce(List<LostStreams.Lost> lost) {
    long now = System.currentTimeMillis();
    for (LostStreams.Lost l : lost) {
      publisher.publish(new StreamEvent.Error(l.requestId(), l.goalId(), INSTANCE_LOST, now));
    }
    if (!lost.isEmpty()) {
      LOG.info(lost.size() + " stream(s) of a lost instance ended as interrupted");
    }
    return lost.size();
  }
}
