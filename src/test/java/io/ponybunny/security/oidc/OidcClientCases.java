package io.ponybunny.security.oidc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ponybunny.security.Role;
import io.ponybunny.security.Secrets;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Single sign-on through two {@link OidcClient}s sharing one database, as two instances behind a
 * load balancer without sticky sessions, against {@link FakeProvider}; run on H2 ({@link
 * OidcClientTest}) and PostgreSQL ({@link OidcClientPostgresTest}).
 */
abstract class OidcClientCases {

  private static final long T0 = 1_750_000_000_000L;

  /** A new, migrated database of the test's own. */
  abstract DataSource database() throws SQLException;

  private FakeProvider provider;
  private final AtomicLong clockA = new AtomicLong(T0);
  private final AtomicLong clockB = new AtomicLong(T0);
  private OidcClient a;
  private OidcClient b;

  @BeforeEach
  void twoInstances() throws Exception {
    provider = new FakeProvider();
    DataSource db = database();
    OidcSettings settings =
        new OidcSettings(
            provider.issuer(),
            FakeProvider.CLIENT_ID,
            FakeProvider.CLIENT_SECRET,
            "groups",
            Map.of(),
            "preferred_username",
            "openid profile",
            "http://localhost:9080/api/auth/oidc/callback");
    a = new OidcClient(settings, new PendingSignIns(db, PendingSignIns.TTL, 100), clockA::get);
    b = new OidcClient(settings, new PendingSignIns(db, PendingSignIns.TTL, 100), clockB::get);
  }

  @AfterEach
  void stopProvider() {
    provider.close();
  }

  @Test
  void aSignInStartedOnOneInstanceIsCompletedOnAnother() throws Exception {
    OidcClient.Start start = a.begin("/goals?view=all");
    FakeProvider.Callback back = provider.approve(start.authorizationUrl());
    clockB.addAndGet(30_000);

    OidcClient.SignedIn who = b.complete(back.code(), back.state(), start.binding());

    assertEquals(FakeProvider.USER, who.name());
    assertEquals(Role.ADMIN, who.role());
    assertEquals("/goals?view=all", who.next());
    assertEquals(1, provider.tokenRequests(), "the verifier B derived matched A's challenge");
  }

  @Test
  void aStateIsUsedOnce() throws Exception {
    OidcClient.Start start = a.begin("/");
    FakeProvider.Callback back = provider.approve(start.authorizationUrl());
    b.complete(back.code(), back.state(), start.binding());

    for (OidcClient again : new OidcClient[] {a, b}) {
      OidcClient.SignInException e =
          assertThrows(
              OidcClient.SignInException.class,
              () -> again.complete(back.code(), back.state(), start.binding()));
      assertEquals("unknown or expired sign-in (state)", e.getMessage());
    }
    assertEquals(1, provider.tokenRequests(), "a replayed callback never reaches the provider");
  }

  @Test
  void anExpiredStateIsRefused() throws Exception {
    OidcClient.Start start = a.begin("/");
    FakeProvider.Callback back = provider.approve(start.authorizationUrl());
    clockB.set(T0 + OidcClient.PENDING_TTL.toMillis() + 1);

    OidcClient.SignInException e =
        assertThrows(
            OidcClient.SignInException.class,
            () -> b.complete(back.code(), back.state(), start.binding()));
    assertEquals("unknown or expired sign-in (state)", e.getMessage());
    assertThrows(
        OidcClient.SignInException.class,
        () -> a.complete(back.code(), back.state(), start.binding()),
        "nor later on the instance that started it");
    assertEquals(0, provider.tokenRequests());
  }

  @Test
  void anotherBrowsersCallbackIsRefusedAndEndsTheSignIn() throws Exception {
    OidcClient.Start start = a.begin("/");
    OidcClient.Start other = a.begin("/");
    FakeProvider.Callback back = provider.approve(start.authorizationUrl());

    assertThrows(
        OidcClient.SignInException.class,
        () -> b.complete(back.code(), back.state(), other.binding()));
    assertThrows(
        OidcClient.SignInException.class,
        () -> a.complete(back.code(), back.state(), start.binding()),
        "the state was used up");
    assertEquals(0, provider.tokenRequests());
  }

  @Test
  void theVerifierIsDerivedFromTheBindingAndIsNotItsStoredHash() {
    String verifier = OidcClient.verifier("binding-value");
    assertEquals(verifier, OidcClient.verifier("binding-value"));
    assertEquals(43, verifier.length());
    assertTrue(verifier.matches("[A-Za-z0-9_-]{43}"), verifier);
    assertNotEquals(verifier, OidcClient.verifier("binding-other"));
    assertFalse(Secrets.sha256("binding-value").contains(verifier));
  }
}
