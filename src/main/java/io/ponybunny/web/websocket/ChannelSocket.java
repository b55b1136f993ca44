package io.ponybunny.web.websocket;

import io.ponybunny.broadcast.BroadcastManager;
import io.ponybunny.broadcast.transport.SessionSender;
import io.ponybunny.security.Identity;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import jakarta.websocket.CloseReason.CloseCodes;
import jakarta.websocket.Session;
import java.io.IOException;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The lifecycle of one channel socket, for both endpoints (each injects its own and only says, by a
 * {@link ChannelAccess}, which channel a caller gets). On open, in this order: a malformed request
 * is closed with 1008; a handshake without identity with 1008 "not signed in"; a socket over the
 * connection limits with 1013 ({@link ConnectionLimits}); a caller the endpoint refuses with 1008;
 * then the socket is watched for its credential ({@link SocketGuard}), its resume point is read
 * ({@link ResumeQuery}, else 1008), a free-form channel is claimed (else 1008 "too many channels")
 * and it subscribes. Inbound messages are limited in size (1009) and rate (1008): the channel is
 * server-to-client. On close or error, once: unsubscribes and gives the socket's place back. (The
 * endpoints repeat their four annotated methods, one line each: WebSocket annotations are not
 * inherited.)
 */
@Dependent
public class ChannelSocket {

  /** Largest inbound message; larger ones close the socket with 1009. */
  static final int MAX_INBOUND = 16 * 1024;

  private static final Logger LOG = Logger.getLogger(ChannelSocket.class.getName());

  @Inject BroadcastManager broadcast;
  @Inject ConnectionLimits limits;
  @Inject SocketGuard guard;

  @Inject
  @ConfigProperty(name = "ponybunny.ws.inbound.max-per-second", defaultValue = "10")
  int maxInboundPerSecond;

  private ConnectionLimits.Permit permit;
  private InboundLimiter limiter;
  private SessionSender sender;
  private String channel;
  private long partialChars;

  /** A socket outside CDI (tests). */
  static ChannelSocket of(
      BroadcastManager broadcast,
      ConnectionLimits limits,
      SocketGuard guard,
      int maxInboundPerSecond) {
    ChannelSocket socket = new ChannelSocket();
    socket.broadcast = broadcast;
    socket.limits = limits;
    socket.guard = guard;
    socket.maxInboundPerSecond = maxInboundPerSecond;
    return socket;
  }

  /** The socket opened ({@code @OnOpen}): admits it and subscribes it, or closes it. */
  void open(Session session, ChannelAccess access) {
    String malformed = access.malformed();
    if (malformed != null) {
      close(session, CloseCodes.VIOLATED_POLICY, malformed);
      return;
    }
    Identity identity = OriginConfigurator.identity(session);
    if (identity == null) {
      close(session, CloseCodes.VIOLATED_POLICY, "not signed in");
      return;
    }
    ConnectionLimits.Admission admission = limits.admit(identity.name());
    if (admission.permit() == null) {
      close(session, CloseCodes.TRY_AGAIN_LATER, admission.refusal());
      return;
    }
    permit = admission.permit();
    limiter = new InboundLimiter(maxInboundPerSecond);
    ChannelAccess.Grant grant = access.grant(identity);
    if (grant.refusal() != null) {
      refuse(session, grant.refusal());
      return;
    }
    guard.opened(session, identity);
    subscribe(session, grant);
  }

  private void subscribe(Session session, ChannelAccess.Grant grant) {
    session.setMaxTextMessageBufferSize(MAX_INBOUND + 1);
    session.setMaxBinaryMessageBufferSize(MAX_INBOUND + 1);
    ResumeQuery resume = ResumeQuery.parse(session.getRequestParameterMap());
    if (resume.refusal() != null) {
      refuse(session, resume.refusal());
      return;
    }
    if (grant.freeOwner() != null
        && !broadcast.claimFreeChannel(grant.channel(), grant.freeOwner())) {
      refuse(
          session,
          "too many channels: at most "
              + broadcast.maxFreeChannelsPerPrincipal()
              + " free-form channels per principal");
      return;
    }
    channel = grant.channel();
    sender = broadcast.subscribe(session, channel, resume.position());
  }

  /** Closes an admitted socket before it subscribed with 1008, giving its place back. */
  private void refuse(Session session, String reason) {
    release();
    close(session, CloseCodes.VIOLATED_POLICY, reason);
  }

  /**
   * A part of an inbound message ({@code @OnMessage}, text or binary): ignored, unless the message
   * grows over 16 KiB (1009) or the client sends too many messages (1008). Nothing is counted
   * before the socket was admitted.
   */
  void message(Session session, int chars, boolean last) {
    if (limiter == null) {
      return;
    }
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

  /**
   * The socket closed or failed ({@code @OnClose}, {@code @OnError}; the container may call both):
   * it is no longer watched, and it unsubscribes and gives its place back once.
   */
  void closed(Session session) {
    guard.closed(session);
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
