package io.ponybunny.llm.http;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.client.Invocation;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The one HTTP path to providers: a shared JAX-RS client that POSTs a built {@link HttpCall} and
 * hands back the unread response, so stream bodies are read as they arrive. The request is sent
 * asynchronously so that a cancel or a first-token timeout can abandon it even before the response
 * headers arrive.
 */
@ApplicationScoped
public class ProviderHttpClient {

  private Client client;

  @PostConstruct
  void init() {
    ClientBuilder builder =
        ClientBuilder.newBuilder()
            .connectTimeout(10, TimeUnit.SECONDS)
            .readTimeout(10, TimeUnit.MINUTES);
    // Every live stream holds one connection for its whole life: RESTEasy's default pool (50
    // per host) would queue the 51st stream to the same provider. Other clients: no-op.
    tune(builder, "connectionPoolSize", MAX_CONNECTIONS);
    tune(builder, "maxPooledPerRoute", MAX_CONNECTIONS);
    // RESTEasy wraps each response stream in an 8 KiB BufferedInputStream of its own; stream
    // bodies are read in blocks into the caller's buffer, so that copy costs memory per live
    // stream (B5) and a copy per read, and saves nothing.
    tune(builder, "responseBufferSize", 0);
    client = builder.build();
    createEngine(client);
    smallerConnectionBuffers(client);
  }

  /**
   * Bytes of each pooled provider connection's input and its output buffer. Apache HttpClient's
   * default, 8 KiB each, was a sixth of a live stream's byte arrays (B5, findings 11 and 13): a
   * stream's events are read in blocks through the stream reader's own 2 KiB buffer, and a request
   * goes out once.
   */
  static final int CONNECTION_BUFFER_BYTES = 2048;

  /**
   * Gives the connections the pool makes {@link #CONNECTION_BUFFER_BYTES} buffers (RESTEasy offers
   * no setting for it). Other clients: no-op.
   */
  private static void smallerConnectionBuffers(Client client) {
    try {
      Object engine = client.getClass().getMethod("httpEngine").invoke(client);
      Object http = engine.getClass().getMethod("getHttpClient").invoke(engine);
      java.lang.reflect.Field field = http.getClass().getDeclaredField("connManager");
      field.setAccessible(true);
      Object pool = field.get(http);
      Class<?> configType =
          Class.forName(
              "org.apache.http.config.ConnectionConfig", true, pool.getClass().getClassLoader());
      Object builder = configType.getMethod("custom").invoke(null);
      builder
          .getClass()
          .getMethod("setBufferSize", int.class)
          .invoke(builder, CONNECTION_BUFFER_BYTES);
      Object config = builder.getClass().getMethod("build").invoke(builder);
      pool.getClass().getMethod("setDefaultConnectionConfig", configType).invoke(pool, config);
    } catch (ReflectiveOperationException | RuntimeException e) {
      // not RESTEasy on Apache HttpClient 4: its own buffers
    }
  }

  /**
   * Whether {@code e} (a failed {@link #post}, causes included) is a request the provider never
   * answered because the kept-alive connection it went on had been closed meanwhile: Apache
   * HttpClient's {@code NoHttpResponseException} (the connection ended before a byte of the
   * response), or a reset or broken pipe on it (the pool checks a connection only after it idled
   * for two seconds). Sending it again on another connection is safe. A refused connection is not
   * such a failure: the provider is not there.
   */
  public static boolean unanswered(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t.getClass().getSimpleName().equals("NoHttpResponseException")) {
        return true;
      }
      if (t instanceof java.net.SocketException s
          && !(t instanceof java.net.ConnectException)
          && s.getMessage() != null
          && (s.getMessage().contains("Connection reset")
              || s.getMessage().contains("Broken pipe"))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Creates the client's HTTP engine now, on one thread. Liberty's RESTEasy client creates it
   * lazily on the first request with an unguarded compare-and-set, so N concurrent first streams (a
   * burst right after start) build N engines, each with its own connection pool, and drop N-1 of
   * them unclosed (each later logged as RESTEASY004687 when the GC finds it). Other clients: no-op.
   */
  private static void createEngine(Client client) {
    try {
      client.getClass().getMethod("httpEngine").invoke(client);
    } catch (ReflectiveOperationException | RuntimeException e) {
      // not RESTEasy: nothing created lazily that we know of
    }
  }

  /** Most concurrent provider connections (streams) the client keeps open. */
  static final int MAX_CONNECTIONS = 4096;

  private static void tune(ClientBuilder builder, String method, int value) {
    try {
      builder.getClass().getMethod(method, int.class).invoke(builder, value);
    } catch (ReflectiveOperationException | RuntimeException e) {
      // not RESTEasy: its own defaults apply
    }
  }

  @PreDestroy
  void close() {
    client.close();
  }

  /**
   * Closes {@code response} without reading the rest of its body. Liberty's JAX-RS client (RESTEasy
   * on Apache HttpClient 4) drains the remaining body on {@code close()} — for a live stream, until
   * the provider finishes generating. The Apache response it wraps aborts its connection on {@code
   * close()} instead, so that is closed first; any other client gets the portable {@code close()}
   * only.
   */
  public static void abort(Response response) {
    for (Class<?> c = response.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
      try {
        java.lang.reflect.Field f = c.getDeclaredField("val$res");
        f.setAccessible(true);
        if (f.get(response) instanceof java.io.Closeable apacheResponse) {
          apacheResponse.close();
        }
        break;
      } catch (NoSuchFieldException e) {
        // look in the superclass
      } catch (ReflectiveOperationException | java.io.IOException | RuntimeException e) {
        break;
      }
    }
    try {
      response.close();
    } catch (RuntimeException e) {
      // the connection is gone either way
    }
  }

  /** POSTs {@code call}; the caller must close the response. */
  public Future<Response> post(HttpCall call, String accept) {
    Invocation.Builder request = client.target(call.uri()).request();
    for (Map.Entry<String, String> h : call.headers().entrySet()) {
      if (!"content-type".equalsIgnoreCase(h.getKey())) {
        request.header(h.getKey(), h.getValue());
      }
    }
    request.accept(accept);
    return request.async().post(Entity.entity(call.body(), MediaType.APPLICATION_JSON_TYPE));
  }
}
