package io.ponybunny.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ponybunny.testing.LibertyServer;
import io.ponybunny.testing.Principals;
import io.ponybunny.testing.TestServer;
import java.io.File;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The first start, as the quick start meets it: the IT server is restarted on an empty database
 * without {@code PONYBUNNY_ADMIN_PASSWORD}; it prints a one-time sign-in link and writes it to
 * {@code first-start-login.txt}; following the link signs in as {@code admin}, which then chooses a
 * password (in headless Chromium, {@code webui/e2e/first-start.mjs}, where the console's packages
 * are installed; else over HTTP); the link works once. The server's database and environment are
 * put back afterwards. (A restart IT: it runs after every other IT on this server.)
 */
class FirstStartIT {

  private static final String PASSWORD = "the-first-admin-password";

  /** The console's packages, with Playwright driving Debian's Chromium. */
  private static final Path PLAYWRIGHT = Path.of("webui/node_modules/@playwright/test");

  private static final Path SERVER = TestServer.SERVER_DIR;

  @Test
  void aFreshServerPrintsAOneTimeLinkThatLetsTheAdminChooseAPassword() throws Exception {
    Path env = SERVER.resolve("server.env");
    Path envBackup = SERVER.resolve("server.env.first-start-it");
    Path data = SERVER.resolve("data");
    Path dataBackup = SERVER.resolve("data.first-start-it");
    LibertyServer.run("stop");
    Files.copy(env, envBackup, StandardCopyOption.REPLACE_EXISTING);
    Files.move(data, dataBackup, StandardCopyOption.REPLACE_EXISTING);
    try {
      Files.writeString(
          env,
          Files.readAllLines(env).stream()
              .filter(l -> !l.startsWith("PONYBUNNY_ADMIN_PASSWORD="))
              .collect(Collectors.joining("\n", "", "\n")));
      LibertyServer.run("start");
      awaitUp();
      Path file = SERVER.resolve("first-start-login.txt");
      assertTrue(Files.exists(file), "the link is written to " + file);
      String link = Files.readString(file).strip();
      assertTrue(link.startsWith(TestServer.HTTP + "/api/auth/first-start?token="), link);
      String console = Files.readString(SERVER.resolve("logs/console.log"));
      assertTrue(console.contains(link), "the link is printed to the console");
      assertEquals(401, login("admin", "any-password-at-all").statusCode(), "no password yet");

      if (Files.isDirectory(PLAYWRIGHT)) {
        inChromium(link);
      } else {
        overHttp(link);
      }
      assertEquals(200, login("admin", PASSWORD).statusCode(), "the chosen password works");

      HttpResponse<String> again = get(HttpClient.newHttpClient(), link);
      assertEquals(303, again.statusCode());
      assertEquals(
          TestServer.HTTP + "/login?error=link",
          again.headers().firstValue("Location").orElseThrow(),
          "the link works once");
    } finally {
      LibertyServer.run("stop");
      Files.move(envBackup, env, StandardCopyOption.REPLACE_EXISTING);
      deleteTree(data);
      Files.move(dataBackup, data);
      LibertyServer.run("start");
      awaitUp();
    }
  }

  /** Follows the link and chooses the password in the console, in headless Chromium. */
  private static void inChromium(String link) throws Exception {
    Path out = Path.of("target/e2e-screenshots");
    Files.createDirectories(out);
    ProcessBuilder pb =
        new ProcessBuilder(
                "node",
                "e2e/first-start.mjs",
                link,
                PASSWORD,
                out.resolve("first-start.png").toAbsolutePath().toString())
            .directory(new File("webui"))
            .redirectErrorStream(true)
            .redirectOutput(new File("target/first-start-it-chromium.log"));
    pb.environment()
        .put("CHROMIUM_PATH", System.getProperty("webui.chromium", "/usr/bin/chromium"));
    Process p = pb.start();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "Chromium did not finish");
    assertEquals(
        0, p.exitValue(), "first start in Chromium failed: target/first-start-it-chromium.log");
  }

  /** The same flow over HTTP, where the console's packages are not installed (-Dwebui.skip). */
  private static void overHttp(String link) throws Exception {
    HttpClient browser =
        HttpClient.newBuilder()
            .cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    HttpResponse<String> followed = get(browser, link);
    assertEquals(303, followed.statusCode());
    assertEquals(
        TestServer.HTTP + "/account?firstStart=1",
        followed.headers().firstValue("Location").orElseThrow());
    String csrf =
        TestServer.json(get(browser, TestServer.HTTP + "/api/auth/me").body())
            .getString("csrfToken");
    HttpResponse<String> chosen =
        browser.send(
            HttpRequest.newBuilder(URI.create(TestServer.HTTP + "/api/auth/password"))
                .header("Content-Type", "application/json")
                .header("X-CSRF-Token", csrf)
                .POST(HttpRequest.BodyPublishers.ofString("{\"newPassword\":\"" + PASSWORD + "\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(204, chosen.statusCode(), chosen.body());
  }

  private static HttpResponse<String> login(String user, String password) {
    return Principals.call(
        "POST",
        "/api/auth/login",
        null,
        "{\"username\":\"" + user + "\",\"password\":\"" + password + "\"}");
  }

  private static HttpResponse<String> get(HttpClient client, String url) throws Exception {
    return client.send(
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static void awaitUp() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
    while (System.nanoTime() < deadline) {
      try {
        if (Principals.call("GET", "/api/auth/config", null, null).statusCode() == 200) {
          return;
        }
      } catch (RuntimeException e) {
        // not listening yet
      }
      TimeUnit.MILLISECONDS.sleep(250); // polling a process we do not own: no event to wait on
    }
    throw new AssertionError("the server did not come up");
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var walk = Files.walk(dir)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
