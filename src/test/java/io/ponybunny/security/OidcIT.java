package io.ponybunny.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ponybunny.testing.TestServer;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Single sign-on end to end against a real OpenID Connect provider (a second Liberty server with
 * {@code openidConnectServer}, started by the build: {@code src/test/liberty/oidc-op}). A client
 * that keeps cookies and follows nothing by itself walks the flow as a browser does: PonyBunny's
 * sign-in, the provider's authorization and login form, the callback, then the API with the new
 * session.
 */
class OidcIT {

  private static final String OP = "http://localhost:9180";

  /** A browser-like client: its own cookie jar, redirects followed by hand. */
  private static final class Browser {
    final HttpClient http =
        HttpClient.newBuilder()
            .cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    HttpResponse<String> get(String url) throws Exception {
      return http.send(
          HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
          HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> postForm(String url, String form) throws Exception {
      return http.send(
          HttpRequest.newBuilder(URI.create(url))
              .timeout(Duration.ofSeconds(30))
              .header("Content-Type", "application/x-www-form-urlencoded")
              .POST(HttpRequest.BodyPublishers.ofString(form))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    }

    /** Signs in at the provider as {@code user}; returns PonyBunny's last redirect. */
    String signIn(String user, String password) throws Exception {
      HttpResponse<String> start = get(TestServer.HTTP + "/api/auth/oidc/login?next=/streams");
      assertEquals(303, start.statusCode(), start.body());
      String authorize = location(start);
      assertTrue(authorize.startsWith(OP), authorize);
      assertTrue(authorize.contains("code_challenge_method=S256"), "PKCE");
      HttpResponse<String> loginPage = get(authorize);
      assertEquals(302, loginPage.statusCode(), "the provider asks for a login");
      HttpResponse<String> posted =
          postForm(
              OP + "/oidc/j_security_check",
              "j_username="
                  + URLEncoder.encode(user, StandardCharsets.UTF_8)
                  + "&j_password="
                  + URLEncoder.encode(password, StandardCharsets.UTF_8));
      String next = location(posted);
      for (int hops = 0; next.startsWith(OP) && hops < 5; hops++) {
        next = location(get(next));
      }
      assertTrue(next.startsWith(TestServer.HTTP + "/api/auth/oidc/callback?"), next);
      HttpResponse<String> callback = get(next);
      assertEquals(303, callback.statusCode(), callback.body());
      return location(callback);
    }

    static String location(HttpResponse<String> r) {
      String l = r.headers().firstValue("Location").orElseThrow(() -> new AssertionError(r));
      return l.startsWith("/") ? r.uri().resolve(l).toString() : l;
    }
  }

  @Test
  void anOperatorOfTheProviderSignsInAndActsAsAnOperator() throws Exception {
    Browser b = new Browser();
    assertEquals(TestServer.HTTP + "/streams", b.signIn("oidc-operator", "oidc-operator-pass-1"));
    HttpResponse<String> me = b.get(TestServer.HTTP + "/api/auth/me");
    assertEquals(200, me.statusCode(), me.body());
    var who = TestServer.json(me.body());
    assertEquals("oidc-operator", who.getString("name"));
    assertEquals("operator", who.getString("role"));
    assertEquals("session", who.getString("via"));
    assertEquals(403, b.get(TestServer.HTTP + "/api/users").statusCode(), "not an admin");
    String audit = TestServer.get("/api/audit?principal=oidc-operator").body();
    assertTrue(audit.contains("\"oidc\""), "the sign-in is audited: " + audit);
  }

  @Test
  void theProvidersAdminsAreAdmins() throws Exception {
    Browser b = new Browser();
    b.signIn("oidc-admin", "oidc-admin-pass-1");
    assertEquals(200, b.get(TestServer.HTTP + "/api/users").statusCode());
  }

  @Test
  void aUserWithoutARoleIsRefused() throws Exception {
    Browser b = new Browser();
    assertEquals(
        TestServer.HTTP + "/login?error=sso", b.signIn("oidc-nobody", "oidc-nobody-pass-1"));
    assertEquals(401, b.get(TestServer.HTTP + "/api/auth/me").statusCode());
  }

  @Test
  void aCallbackThatThisBrowserDidNotStartIsRefused() throws Exception {
    Browser attacker = new Browser();
    HttpResponse<String> start = attacker.get(TestServer.HTTP + "/api/auth/oidc/login");
    String state = Browser.location(start).replaceAll(".*[?&]state=([^&]+).*", "$1");
    // Another browser (no binding cookie) arrives with the attacker's state and some code.
    Browser victim = new Browser();
    HttpResponse<String> r =
        victim.get(TestServer.HTTP + "/api/auth/oidc/callback?code=stolen&state=" + state);
    assertEquals(303, r.statusCode());
    assertEquals(TestServer.HTTP + "/login?error=sso", Browser.location(r));
    assertEquals(401, victim.get(TestServer.HTTP + "/api/auth/me").statusCode());
  }
}
