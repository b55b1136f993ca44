package io.ponybunny.web.websocket;

import io.ponybunny.security.Identity;
import io.ponybunny.security.Role;
import jakarta.websocket.CloseReason;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A server-side socket for endpoint unit tests: the identity its handshake carried (none for a null
 * principal), its query, the frames sent to it (each send completes at once) and how it was closed
 * (null while open).
 */
final class TestSocket {

  final Session session;
  final List<String> frames = new ArrayList<>();
  volatile CloseReason closed;

  TestSocket(String principal) {
    this(principal, Role.OPERATOR, Map.of());
  }

  TestSocket(String principal, Role role, Map<String, List<String>> query) {
    Map<String, Object> props = new HashMap<>();
    if (principal != null) {
      props.put(
          Identity.ATTRIBUTE, new Identity(principal, role, Identity.Via.KEY, "k", null, null));
    }
    RemoteEndpoint.Async async =
        (RemoteEndpoint.Async)
            Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {RemoteEndpoint.Async.class},
                (p, m, args) -> {
                  synchronized (frames) {
                    frames.add((String) args[0]);
                  }
                  ((SendHandler) args[1]).onResult(new SendResult());
                  return null;
                });
    session =
        (Session)
            Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {Session.class},
                (p, m, args) ->
                    switch (m.getName()) {
                      case "getUserProperties" -> props;
                      case "getRequestParameterMap" -> query;
                      case "getAsyncRemote" -> async;
                      case "isOpen" -> closed == null;
                      case "close" -> {
                        closed = (CloseReason) args[0];
                        yield null;
                      }
                      case "hashCode" -> System.identityHashCode(p);
                      case "equals" -> p == args[0];
                      case "getOpenSessions" -> Set.of();
                      default -> null; // buffer sizes
                    });
  }

  int code() {
    return closed.getCloseCode().getCode();
  }

  String reason() {
    return closed.getReasonPhrase();
  }

  List<String> frames() {
    synchronized (frames) {
      return List.copyOf(frames);
    }
  }
}
