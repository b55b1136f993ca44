package io.ponybunny.cluster;

/**
 * A cancellation asked for on one instance for a goal or a call that may run on another: fired as a
 * CDI event on every instance ({@link ControlNotices}), where whoever runs it stops it.
 *
 * @param kind what is cancelled
 * @param id the goal id or the call's request id
 */
public record CancelNotice(Kind kind, String id) {

  /** What a notice cancels. */
  public enum Kind {
    GOAL,
    CALL
  }

  /** The notice as sent over Redis: {@code <kind> <id>}. */
  String encode() {
    return kind.name() + " " + id;
  }

  /** A notice from its wire form, or null when it is not one. */
  static CancelNotice decode(String message) {
    int space = message == null ? -1 : message.indexOf(' ');
    if (space <= 0 || space == message.length() - 1) {
      return null;
    }
    try {
      return new CancelNotice(
          Kind.valueOf(message.substring(0, space)), message.substring(space + 1));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
