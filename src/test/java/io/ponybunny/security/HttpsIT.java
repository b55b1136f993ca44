package io.ponybunny.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ponybunny.testing.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;

/**
 * HTTPS with the server's keystore ({@code transportSecurity}; the IT server's keystore is the one
 * Liberty generates): sign-in works over TLS and the session cookie is {@code Secure} there.
 */
class HttpsIT {

  private static final int PORT = Integer.getInteger("it.https.port", 9443);

  /** The IT server's certificate is self-signed: this test checks TLS serving, not trust. */
  private static HttpClient trustingClient() throws Exception {
    TrustManager trustAll =
        new X509TrustManager() {
          @Override
          public void checkClientTrusted(X509Certificate[] chain, String authType) {}

          @Override
          public void checkServerTrusted(X509Certificate[] chain, String authType) {}

          @Override
          public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
          }
        };
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(null, new TrustManager[] {trustAll}, new SecureRandom());
    return HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(10)).build();
  }

  @Test
  void signInOverHttpsSetsASecureCookie() throws Exception {
    HttpClient https = trustingClient();
    HttpResponse<String> r =
        https.send(
            HttpRequest.newBuilder(URI.create("https://localhost:" + PORT + "/api/auth/login"))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"username\":\"admin\",\"password\":\""
                            + TestServer.ADMIN_PASSWORD
                            + "\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode());
    String cookie = r.headers().firstValue("Set-Cookie").orElseThrow();
    assertTrue(cookie.contains("Secure"), cookie);
    assertTrue(cookie.contains("HttpOnly"), cookie);
    String value = cookie.substring(0, cookie.indexOf(';'));
    HttpResponse<String> me =
        https.send(
            HttpRequest.newBuilder(URI.create("https://localhost:" + PORT + "/api/auth/me"))
                .header("Cookie", value)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, me.statusCode(), me.body());
    assertEquals(
        401,
        https
            .send(
                HttpRequest.newBuilder(URI.create("https://localhost:" + PORT + "/api/goals"))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .statusCode(),
        "TLS is no way around authentication");
  }
}
