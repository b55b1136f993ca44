package io.ponybunny.stream;

import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;

/**
 * One broadcast channel ({@code goal:<id>} or {@code streams}): its subscribers and its sequence.
 * {@link #publish} numbers and hands out frames under the channel's lock, so every subscriber sees
 * the channel's events in one order with a gapless {@code seq}.
 */
final class BroadcastChannel {

  private final String name;
  private final Set<SessionSender> subscribers = new CopyOnWriteArraySet<>();
  private long seq;

  BroadcastChannel(String name) {
    this.name = name;
  }

  String name() {
    return name;
  }

  void subscribe(SessionSender sender) {
    subscribers.add(sender);
  }

  void unsubscribe(SessionSender sender) {
    subscribers.remove(sender);
  }

  boolean hasSubscribers() {
    return !subscribers.isEmpty();
  }

  int subscriberCount() {
    return subscribers.size();
  }

  synchronized long publish(ChannelEvent event, String epoch) {
    long next = ++seq;
    if (!subscribers.isEmpty()) {
      String frame = StreamFrames.event(event, epoch, next);
      for (SessionSender s : subscribers) {
        if (s.isClosed()) {
          subscribers.remove(s);
        } else {
          s.send(frame);
        }
      }
    }
    return next;
  }

  synchronized long seq() {
    return seq;
  }
}
