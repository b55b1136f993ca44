package io.ponybunny.testing;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

/** The Liberty server the integration tests run against (started by the liberty-maven-plugin). */
public final class TestServer {

  public static final int PORT = Integer.getInteger("it.http.port", 9080);
  public static final String HTTP = "http://localhost:" + PORT;
  public static final String WS = "ws://localhost:" + PORT;

  /** The Liberty server the ITs run against: its name and its directory. */
  public static final String SERVER_NAME =
      System.getProperty("ponybunny.server.name", "ponybunny-it");

  public static final java.nio.file.Path WLP_HOME =
      java.nio.file.Path.of(System.getProperty("ponybunny.wlp.home", "target/liberty/wlp"));

  public static final java.nio.file.Path SERVER_DIR =
      WLP_HOME.resolve("usr/servers/" + SERVER_NAME);

  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** The bootstrap admin's password (PONYBUNNY_ADMIN_PASSWORD of the IT server). */
  public static final String ADMIN_PASSWORD =
      System.getProperty("it.admin.password", "canary-admin-7a4e1c9d52f0");

  private static final ConcurrentMap<String, Api> APIS = new ConcurrentHashMap<>();

  /** The IT server at {@link #HTTP}: what the static methods below talk to. */
  private static final Api DEFAULT = at(HTTP);

  private TestServer() {}

  public static HttpClient http() {
    return CLIENT;
  }

  /**
   * The API of the IT server (or load balancer) at {@code baseUrl} (e.g. {@code
   * http://localhost:9481}, no trailing slash): the same calls as the static methods of this class,
   * which talk to {@link #HTTP}. One instance per base URL and test JVM, so its admin key is made
   * once. Every server the build starts for the ITs has the same bootstrap admin ({@link
   * #ADMIN_PASSWORD}).
   */
  public static Api at(String baseUrl) {
    return APIS.computeIfAbsent(baseUrl, Api::new);
  }

  /**
   * {@code Bearer <key>} for an admin API key, created once per test JVM by signing in as the
   * bootstrap admin: what every request of the ITs sends unless a test is about identity itself.
   */
  public static String authorization() {
    return DEFAULT.authorization();
  }

  /** A console session: its cookie and CSRF token, on the server at {@code baseUrl}. */
  public record Session(String cookie, String csrfToken, String baseUrl) {

    /** A session on the IT server at {@link #HTTP}. */
    public Session(String cookie, String csrfToken) {
      this(cookie, csrfToken, HTTP);
    }

    /** A request carrying the session's cookie and CSRF header. */
    public HttpRequest.Builder request(String path) {
      return HttpRequest.newBuilder(URI.create(baseUrl + path))
          .timeout(Duration.ofSeconds(30))
          .header("Cookie", cookie)
          .header("X-CSRF-Token", csrfToken);
    }
  }

  /** Signs in with a local account; fails unless the server answers 200. */
  public static Session login(String username, String password) {
    return DEFAULT.login(username, password);
  }

  /** A request to {@code path} with the ITs' admin credentials. */
  public static HttpRequest.Builder request(String path) {
    return DEFAULT.request(path);
  }

  /** POSTs JSON and returns the response (status, body). */
  public static HttpResponse<String> postJson(String path, String json) {
    return DEFAULT.postJson(path, json);
  }

  public static HttpResponse<String> get(String path) {
    return DEFAULT.get(path);
  }

  /**
   * The API of one server (or of a load balancer in front of several) at a base URL, as the ITs'
   * admin: the admin key is made on first use by signing in there as the bootstrap admin, and kept.
   */
  public static final class Api {

    private final String baseUrl;
    private volatile String adminKey;

    private Api(String baseUrl) {
      this.baseUrl = baseUrl;
    }

    /** The HTTP base URL, e.g. {@code http://localhost:9080}. */
    public String baseUrl() {
      return baseUrl;
    }

    /** The WebSocket base URL, e.g. {@code ws://localhost:9080}. */
    public String wsUrl() {
      return "ws" + baseUrl.substring(baseUrl.indexOf(':'));
    }

    /** {@code Bearer <key>} for an admin API key made on this server, once per test JVM. */
    public String authorization() {
      String key = adminKey;
      if (key == null) {
        synchronized (this) {
          key = adminKey;
          if (key == null) {
            Session admin = login("admin", ADMIN_PASSWORD);
            HttpResponse<String> created =
                sendRaw(
                    admin
                        .request("/api/keys")
                        .header("Content-Type", "application/json")
                        .POST(
                            HttpRequest.BodyPublishers.ofString("{\"name\":\"integration tests\"}"))
                        .build());
            if (created.statusCode() != 201) {
              throw new IllegalStateException("could not create the ITs' admin key: " + created);
            }
            key = json(created.body()).getString("secret");
            adminKey = key;
          }
        }
      }
      return "Bearer " + key;
    }

    /** Signs in with a local account; fails unless the server answers 200. */
    public Session login(String username, String password) {
      HttpResponse<String> r =
          sendRaw(
              HttpRequest.newBuilder(URI.create(baseUrl + "/api/auth/login"))
                  .timeout(Duration.ofSeconds(30))
                  .header("Content-Type", "application/json")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          Json.createObjectBuilder()
                              .add("username", username)
                              .add("password", password)
                              .build()
                              .toString()))
                  .build());
      if (r.statusCode() != 200) {
        throw new IllegalStateException("sign-in as " + username + " failed: " + r.statusCode());
      }
      String cookie =
          r.headers().allValues("Set-Cookie").stream()
              .filter(c -> c.startsWith("pb_session="))
              .map(c -> c.substring(0, c.indexOf(';') < 0 ? c.length() : c.indexOf(';')))
              .findFirst()
              .orElseThrow(() -> new IllegalStateException("no session cookie"));
      return new Session(cookie, json(r.body()).getString("csrfToken"), baseUrl);
    }

    /** A request to {@code path} with the ITs' admin credentials. */
    public HttpRequest.Builder request(String path) {
      return HttpRequest.newBuilder(URI.create(baseUrl + path))
          .header("Authorization", authorization());
    }

    /** GETs {@code path} as the admin. */
    public HttpResponse<String> get(String path) {
      return send(request(path).timeout(Duration.ofSeconds(30)).build());
    }

    /** POSTs JSON as the admin and returns the response (status, body). */
    public HttpResponse<String> postJson(String path, String json) {
      return send(
          request(path)
              .timeout(Duration.ofSeconds(60))
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(json))
              .build());
    }

    /** Starts a streamed completion here as the admin (see {@link TestServer#completeAs}). */
    public CompletableFuture<JsonObject> complete(String goalId, String model, String prompt) {
      return completeAt(baseUrl, authorization(), goalId, model, prompt);
    }

    /** The typed MicroProfile REST client on this server, as its admin. */
    public io.ponybunny.client.PonyBunnyClient client() {
      return org.eclipse.microprofile.rest.client.RestClientBuilder.newBuilder()
          .baseUri(URI.create(baseUrl))
          .connectTimeout(5, java.util.concurrent.TimeUnit.SECONDS)
          .readTimeout(60, java.util.concurrent.TimeUnit.SECONDS)
          .register(
              (jakarta.ws.rs.client.ClientRequestFilter)
                  request -> request.getHeaders().putSingle("Authorization", authorization()))
          .build(io.ponybunny.client.PonyBunnyClient.class);
    }

    /**
     * A plain-socket client on {@code path} of this server, as its admin, reading every frame on
     * its own thread (for frames sent at once after the handshake: see {@link RawWsClient}).
     */
    public RawWsClient rawSocket(String path) {
      URI uri = URI.create(baseUrl);
      return RawWsClient.open(
          new java.net.InetSocketAddress(uri.getHost(), uri.getPort()), authorization(), path);
    }

    /** A WebSocket on {@code path} of this server, as its admin. */
    public WsClient.Connector socket(String path) {
      return WsClient.to(URI.create(wsUrl() + path)).as(authorization());
    }

    @Override
    public String toString() {
      return baseUrl;
    }
  }

  public static HttpResponse<String> send(HttpRequest request) {
    return sendRaw(request);
  }

  /** Sends {@code request} as it is (no credentials added). */
  public static HttpResponse<String> sendRaw(HttpRequest request) {
    try {
      return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A streamed chat completion body for one user message. */
  public static String completionBody(String model, String goalId, String prompt, String extra) {
    return "{"
        + (model == null ? "" : "\"model\":\"" + model + "\",")
        + "\"messages\":[{\"role\":\"user\",\"content\":\""
        + prompt
        + "\"}],"
        + (goalId == null ? "" : "\"goalId\":\"" + goalId + "\",")
        + (extra == null || extra.isEmpty() ? "" : extra + ",")
        + "\"stream\":true}";
  }

  /** Starts a POST without waiting for it. */
  public static CompletableFuture<HttpResponse<String>> postJsonAsync(String path, String json) {
    return postJsonAsync(HTTP, authorization(), path, json);
  }

  /** Starts a POST with {@code authorization} as the caller, without waiting for it. */
  private static CompletableFuture<HttpResponse<String>> postJsonAsync(
      String baseUrl, String authorization, String path, String json) {
    return CLIENT.sendAsync(
        HttpRequest.newBuilder(URI.create(baseUrl + path))
            .header("Authorization", authorization)
            .timeout(Duration.ofSeconds(120))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Starts a streamed completion on {@code goalId} as the ITs' admin (see {@link #completeAs}). */
  public static CompletableFuture<JsonObject> complete(String goalId, String model, String prompt) {
    return completeAs(authorization(), goalId, model, prompt);
  }

  /**
   * Starts a streamed completion of {@code prompt} on {@code goalId} as {@code authorization}; the
   * future completes with the answer's JSON, or exceptionally (an {@link AssertionError}) unless
   * the answer is 200.
   */
  public static CompletableFuture<JsonObject> completeAs(
      String authorization, String goalId, String model, String prompt) {
    return completeAt(HTTP, authorization, goalId, model, prompt);
  }

  private static CompletableFuture<JsonObject> completeAt(
      String baseUrl, String authorization, String goalId, String model, String prompt) {
    return postJsonAsync(
            baseUrl, authorization, "/api/completions", completionBody(model, goalId, prompt, null))
        .thenApply(
            r -> {
              if (r.statusCode() != 200) {
                throw new AssertionError("completion: " + r.statusCode() + " " + r.body());
              }
              return json(r.body());
            });
  }

  /**
   * Runs {@code n} streamed completions on {@code goalId} at once (prompts {@code prompt + " " +
   * i}) and waits up to {@code wait} for every answer; returns their request ids in order.
   */
  public static List<String> completeAll(
      String goalId, String model, String prompt, int n, Duration wait) throws Exception {
    List<CompletableFuture<JsonObject>> calls = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      calls.add(complete(goalId, model, prompt + " " + i));
    }
    CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new))
        .get(wait.toSeconds(), TimeUnit.SECONDS);
    List<String> ids = new ArrayList<>();
    for (CompletableFuture<JsonObject> call : calls) {
      ids.add(call.join().getString("requestId"));
    }
    return ids;
  }

  /** What the simulator observed for a scenario id ({@code GET /sim/requests/{id}}). */
  public static JsonObject simRequests(String id) {
    return json(get("/sim/requests/" + id).body());
  }

  /**
   * Waits (at most 5 s) until the simulator saw the client of its request {@code id} (PonyBunny's
   * upstream connection) close; returns when that was, in epoch milliseconds.
   */
  public static long awaitUpstreamClosed(String id) {
    JsonObject seen =
        Eventually.until(
            () -> simRequests(id), s -> s.getBoolean("clientClosed", false), Duration.ofSeconds(5));
    return Instant.parse(seen.getString("clientClosedAt")).toEpochMilli();
  }

  public static JsonObject json(String text) {
    try (var reader = Json.createReader(new StringReader(text))) {
      return reader.readObject();
    }
  }
}
