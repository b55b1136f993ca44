package io.ponybunny.web.websocket;

import io.ponybunny.security.Identity;

/**
 * What an endpoint decides for one socket ({@link ChannelSocket} does the rest; a goal's
 * server-sent event stream decides the same way): whether the request names a channel at all, and
 * which channel an admitted caller gets, if any.
 */
public interface ChannelAccess {

  /**
   * What is wrong with the request itself, found before the socket takes a place: the reason of a
   * 1008 close, or null.
   */
  default String malformed() {
    return null;
  }

  /** The channel for {@code identity}'s admitted socket, or why it may not have one. */
  Grant grant(Identity identity);

  /**
   * The answer for one socket.
   *
   * @param channel the channel to subscribe to, or null when refused
   * @param freeOwner non-null: a free-form channel that the subscription may make only within this
   *     principal's limit
   * @param refusal the reason of a 1008 close, or null
   */
  record Grant(String channel, String freeOwner, String refusal) {

    public static Grant to(String channel) {
      return new Grant(channel, null, null);
    }

    public static Grant free(String channel, String owner) {
      return new Grant(channel, owner, null);
    }

    public static Grant refused(String reason) {
      return new Grant(null, null, reason);
    }
  }
}
