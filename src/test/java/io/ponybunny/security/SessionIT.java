package io.ponybunny.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ponybunny.testing.Principals;
import io.ponybunny.testing.Principals.Principal;
import io.ponybunny.testing.TestServer;
import jakarta.json.Json;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Local accounts in the console's way: sign-in and its cookie, one answer whether or not a user
 * exists, throttled failures, CSRF protection of cookie-authenticated changes, sign-out, and the
 * audit log of it all.
 */
class SessionIT {

  private static HttpResponse<String> login(String user, String password) {
    return TestServer.sendRaw(
        HttpRequest.newBuilder(URI.create(TestServer.HTTP + "/api/auth/login"))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    Json.createObjectBuilder()
                        .add("username", user)
                        .add("password", password)
                        .build()
                        .toString()))
            .build());
  }

  @Test
  void aWrongPasswordAndAnUnknownUserGetTheSameAnswer() {
    Principal p = Principals.create("same", "viewer");
    HttpResponse<String> wrong = login(p.name(), "not-the-password-at-all");
    HttpResponse<String> unknown = login("nobody-" + p.name(), "not-the-password-at-all");
    assertEquals(401, wrong.statusCode());
    assertEquals(401, unknown.statusCode());
    assertEquals(
        TestServer.json(wrong.body()).getString("detail"),
        TestServer.json(unknown.body()).getString("detail"));
    assertFalse(wrong.body().contains(p.name()), "the answer does not echo the user");
  }

  @Test
  void aUserHasAtMostTwentySessionsAndTheOldestEnds() {
    Principal p = Principals.create("many", "viewer");
    TestServer.Session first = TestServer.login(p.name(), p.password());
    TestServer.Session last = first;
    for (int i = 1; i <= 20; i++) {
      last = TestServer.login(p.name(), p.password());
    }
    assertEquals(401, TestServer.sendRaw(first.request("/api/auth/me").GET().build()).statusCode());
    assertEquals(200, TestServer.sendRaw(last.request("/api/auth/me").GET().build()).statusCode());
  }

  @Test
  void oversizeBodiesAndParametersGetClearAnswers() {
    String huge = "x".repeat(70 * 1024);
    HttpResponse<String> login = login("someone", huge);
    assertEquals(413, login.statusCode(), "a sign-in body over 64 KiB");
    assertTrue(login.headers().firstValue("Content-Type").orElse("").contains("problem+json"));
    assertEquals(
        400,
        TestServer.get("/api/audit?principal=" + "p".repeat(201)).statusCode(),
        "an audit filter over 200 characters");
  }

  @Test
  void failedSignInsAreThrottledPerAccount() {
    Principal p = Principals.create("throttled", "viewer");
    for (int i = 0; i < 5; i++) {
      assertEquals(401, login(p.name(), "wrong-password-" + i).statusCode());
    }
    HttpResponse<String> blocked = login(p.name(), p.password());
    assertEquals(429, blocked.statusCode(), "even the right password waits");
    long retryAfter = Long.parseLong(blocked.headers().firstValue("Retry-After").orElse("0"));
    assertTrue(retryAfter > 0 && retryAfter <= 900, "Retry-After " + retryAfter);
    assertTrue(blocked.headers().firstValue("Content-Type").orElse("").contains("problem+json"));
  }

  @Test
  void theSessionCookieIsHttpOnlyAndLaxAndChangesNeedTheCsrfToken() {
    Principal p = Principals.create("csrf", "operator");
    HttpResponse<String> ok = login(p.name(), p.password());
    assertEquals(200, ok.statusCode(), ok.body());
    String setCookie = ok.headers().firstValue("Set-Cookie").orElseThrow();
    assertTrue(setCookie.startsWith("pb_session="), setCookie);
    assertTrue(setCookie.contains("HttpOnly"), setCookie);
    assertFalse(setCookie.contains("Version"), "no Version attribute: " + setCookie);
    assertTrue(setCookie.contains("SameSite=Lax"), setCookie);
    assertFalse(setCookie.contains("Secure"), "plain HTTP: not Secure");
    TestServer.Session s = TestServer.login(p.name(), p.password());

    HttpResponse<String> me = TestServer.sendRaw(s.request("/api/auth/me").GET().build());
    assertEquals(200, me.statusCode());
    assertEquals(p.name(), TestServer.json(me.body()).getString("name"));
    assertEquals("session", TestServer.json(me.body()).getString("via"));

    String goal =
        TestServer.json(
                TestServer.sendRaw(
                        s.request("/api/goals")
                            .header("Content-Type", "application/json")
                            .POST(
                                HttpRequest.BodyPublishers.ofString(
                                    "{\"title\":\"csrf\",\"description\":\"2+2\","
                                        + "\"model\":\"sim/react~tps=0\"}"))
                            .build())
                    .body())
            .getString("id");

    // A cross-site form post: the browser sends the cookie, but no CSRF header.
    HttpResponse<String> forged =
        TestServer.sendRaw(
            HttpRequest.newBuilder(URI.create(TestServer.HTTP + "/api/goals/" + goal + "/cancel"))
                .header("Cookie", s.cookie())
                .header("Origin", "http://evil.example")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("x=1"))
                .build());
    assertEquals(403, forged.statusCode(), forged.body());
    HttpResponse<String> wrongToken =
        TestServer.sendRaw(
            HttpRequest.newBuilder(URI.create(TestServer.HTTP + "/api/goals/" + goal + "/cancel"))
                .header("Cookie", s.cookie())
                .header("X-CSRF-Token", "guess")
                .POST(HttpRequest.BodyPublishers.noBody())
                .build());
    assertEquals(403, wrongToken.statusCode());
    HttpResponse<String> real =
        TestServer.sendRaw(
            s.request("/api/goals/" + goal + "/cancel")
                .POST(HttpRequest.BodyPublishers.noBody())
                .build());
    assertTrue(real.statusCode() == 202 || real.statusCode() == 409, real.body());

    HttpResponse<String> out =
        TestServer.sendRaw(
            s.request("/api/auth/logout").POST(HttpRequest.BodyPublishers.noBody()).build());
    assertEquals(204, out.statusCode());
    assertEquals(401, TestServer.sendRaw(s.request("/api/auth/me").GET().build()).statusCode());
  }

  @Test
  void theAuditLogRecordsSignInsAndFailuresWithoutSecrets() {
    Principal p = Principals.create("audited", "viewer");
    assertEquals(401, login(p.name(), "definitely-wrong-pw").statusCode());
    assertEquals(200, login(p.name(), p.password()).statusCode());
    String audit = TestServer.get("/api/audit?principal=" + p.name() + "&size=50").body();
    assertTrue(audit.contains("\"login.failed\""), audit);
    assertTrue(audit.contains("\"login\""), audit);
    assertFalse(audit.contains(p.password()), "no password in the audit log");
    assertFalse(audit.contains("definitely-wrong-pw"), "no attempted password either");
    String created = TestServer.get("/api/audit?action=key.created&size=200").body();
    assertTrue(created.contains(p.keyId()), "key creation is audited");
    assertFalse(created.contains(p.key()), "never the key itself");
  }
}
