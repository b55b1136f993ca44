package io.ponybunny.web.websocket;

import io.ponybunny.broadcast.BroadcastManager;
import io.ponybunny.broadcast.transport.SessionSender;
import jakarta.websocket.CloseReason;
import jakarta.websocket.CloseReason.CloseCodes;
import jakarta.websocket.Session;
import java.io.IOException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What both channel endpoints do with one socket: take its place among the open sockets ({@link
 * ConnectionLimits}, released once on whichever close), read the resume point ({@code
 * ?epoch=&since=}), subscribe, limit inbound messages (size and rate; the channel is
 * server-to-client) and unsubscribe.
 */
final class ChannelSocket {

  /** Largest inbound message; larger ones close the socket with 1009. */
  static final int MAX_INBOUND = 16 * 1024;

  private static final Logger LOG = Logger.getLogger(ChannelSocket.class.getName());

  private final BroadcastManager broadcast;
  private final ConnectionLimits limits;
  private final InboundLimiter limiter;
  private ConnectionLimits.Permit permit;
  private SessionSender sender;
  private String channel;
  private long partialChars;

  ChannelSocket(BroadcastManager broadcast, ConnectionLimits limits, int maxInboundPerSecond) {
    this.broadcast = broadcast;
    this.limits = limits;
    this.limiter = new InboundLimiter(maxInboundPerSecond);
  }

  /**
   * Takes a place for the socket of {@code principal}; false, after closing the socket with 1013
   * "Try Again Later" and the limit's reason, when the server or the principal has all it may.
   */
  boolean admit(Session session, String principal) {
    ConnectionLimits.Admission admission = limits.admit(principal);
    if (admission.permit() == null) {
      close(session, CloseCodes.TRY_AGAIN_LATER, admission.refusal());
      return false;
    }
    permit = admission.permit();
    return true;
  }

  /** Closes an admitted socket before it subscribed, giving its place back. */
  void refuse(Session session, CloseCodes code, String reason) {
    release();
    close(session, code, reason);
  }

  /** Subscribes {@code session} to a channel ({@link BroadcastManager#goalChannel}, ...). */
  void open(Session session, String channel) {
    open(session, channel, null);
  }

  /**
   * Subscribes {@code session} to a channel; {@code freeOwner} non-null: a free-form goal channel
   * that the subscription may make only within that principal's limit (else 1008).
   */
  void open(Session session, String channel, String freeOwner) {
    session.setMaxTextMessageBufferSize(MAX_INBOUND + 1);
    session.setMaxBinaryMessageBufferSize(MAX_INBOUND + 1);
    ResumeQuery resume = ResumeQuery.parse(session.getRequestParameterMap());
    if (resume.refusal() != null) {
      refuse(session, CloseCodes.VIOLATED_POLICY, resume.refusal());
      return;
    }
    if (freeOwner != null && !broadcast.claimFreeChannel(channel, freeOwner)) {
      refuse(
          session,
          CloseCodes.VIOLATED_POLICY,
          "too many channels: at most "
              + broadcast.maxFreeChannelsPerPrincipal()
              + " free-form channels per principal");
      return;
    }
    this.channel = channel;
    this.sender = broadcast.subscribe(session, channel, resume.position());
  }

  /**
   * A part of an inbound message: ignored, unless the message grows over 16 KiB (1009) or the
   * client sends too many messages (1008).
   */
  void message(Session session, int chars, boolean last) {
    partialChars += chars;
    if (partialChars > MAX_INBOUND) {
      partialChars = 0;
      close(session, CloseCodes.TOO_BIG, "message over 16 KiB");
      return;
    }
    if (last) {
      partialChars = 0;
      if (!limiter.allow(System.nanoTime())) {
        close(session, CloseCodes.VIOLATED_POLICY, "too many messages");
      }
    }
  }

  /** The socket closed (or failed): unsubscribes and gives its place back, once. */
  void closed() {
    if (sender != null) {
      broadcast.unsubscribe(sender, channel);
      sender = null;
    }
    release();
  }

  private void release() {
    if (permit != null) {
      permit.release();
    }
  }

  static void close(Session session, CloseCodes code, String reason) {
    try {
      session.close(new CloseReason(code, reason));
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.FINE, "close failed", e);
    }
  }
}
