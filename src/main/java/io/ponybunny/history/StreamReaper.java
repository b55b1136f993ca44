package io.ponybunny.history;

import io.ponybunny.event.StreamEvent;
import io.ponybunny.event.StreamEventPublisher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
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

  @Inject LostStreams streams;
  @Inject StreamEventPublisher publisher;

  /** For CDI. */
  public StreamReaper() {}

  /** With these collaborators (tests). */
  public StreamReaper(LostStreams streams, StreamEventPublisher publisher) {
    this.streams = streams;
    this.publisher = publisher;
  }

  /** The streams of a goal taken over from a dead instance; returns how many this call ended. */
  public int goalTakenOver(String goalId) {
    return announce(streams.ofGoal(goalId, INSTANCE_LOST, System.currentTimeMillis()));
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
