package io.ponybunny.web.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ponybunny.security.Authenticator;
import io.ponybunny.security.Identity;
import io.ponybunny.security.Role;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Any watched connection, a socket or an event stream, ends once its credential ends. */
class SocketGuardTest {

  private static Identity jwt(Instant expiresAt) {
    return new Identity("alice", Role.VIEWER, Identity.Via.JWT, "jti-1", expiresAt, null);
  }

  @Test
  void aConnectionWhoseCredentialEndedIsRevokedOnceAndOthersStay() {
    SocketGuard guard = new SocketGuard();
    guard.authenticator = new Authenticator();
    AtomicInteger expired = new AtomicInteger();
    AtomicInteger valid = new AtomicInteger();
    guard.watch("stream-a", jwt(Instant.now().minusSeconds(5)), expired::incrementAndGet);
    guard.watch("stream-b", jwt(Instant.now().plusSeconds(3600)), valid::incrementAndGet);
    guard.check();
    guard.check();
    assertEquals(1, expired.get(), "once");
    assertEquals(0, valid.get());

    AtomicInteger left = new AtomicInteger();
    guard.watch("stream-c", jwt(Instant.now().minusSeconds(5)), left::incrementAndGet);
    guard.unwatch("stream-c");
    guard.check();
    assertEquals(0, left.get(), "a closed connection is no longer watched");
  }
}
