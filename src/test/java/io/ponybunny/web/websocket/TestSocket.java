package io.ponybunny.web.websocket;

import io.ponybunny.broadcast.transport.FakeSession;
import io.ponybunny.security.Identity;
import io.ponybunny.security.Role;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A server-side socket for endpoint unit tests, over the one fake session ({@link FakeSession}):
 * the identity its handshake carried (none for a null principal), its query, the frames sent to it
 * (each send completes at once) and how it was closed (null while open).
 */
final class TestSocket {

  final FakeSession fake;
  final Session session;

  TestSocket(String principal) {
    this(principal, Role.OPERATOR, Map.of());
  }

  TestSocket(String principal, Role role, Map<String, List<String>> query) {
    Map<String, Object> props = new HashMap<>();
    if (principal != null) {
      props.put(
          Identity.ATTRIBUTE, new Identity(principal, role, Identity.Via.KEY, "k", null, null));
    }
    fake = new FakeSession(false, props, query);
    session = fake.session;
  }

  /** How it was closed, null while open. */
  CloseReason closed() {
    return fake.closeReason;
  }

  int code() {
    return closed().getCloseCode().getCode();
  }

  String reason() {
    return closed().getReasonPhrase();
  }

  List<String> frames() {
    return fake.frames();
  }
}
