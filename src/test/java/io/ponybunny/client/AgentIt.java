package io.ponybunny.client;

import io.ponybunny.testing.TestServer;
import jakarta.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.eclipse.microprofile.rest.client.RestClientBuilder;

/** Helpers of the agent ITs: the typed REST client and waits on the eventually consistent API. */
final class AgentIt {

  /** A fast simulated model: answers the agent's prompts at full speed. */
  static final String FAST = "sim/react~tps=0";

  private AgentIt() {}

  /** The typed MicroProfile REST client on the test server. */
  static PonyBunnyClient client() {
    return RestClientBuilder.newBuilder()
        .baseUri(URI.create(TestServer.HTTP))
        .connectTimeout(5, TimeUnit.SECONDS)
        .readTimeout(60, TimeUnit.SECONDS)
        .register(
            (jakarta.ws.rs.client.ClientRequestFilter)
                request ->
                    request.getHeaders().putSingle("Authorization", TestServer.authorization()))
        .build(PonyBunnyClient.class);
  }

  /**
   * Polls {@code read} (every 50 ms) until {@code done} holds; for state the API exposes only by
   * reading it (e.g. a record written after the event the test saw). Fails after {@code timeout}.
   */
  static <T> T until(Supplier<T> read, Predicate<T> done, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    T last = read.get();
    while (!done.test(last)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within " + timeout + "; last: " + last);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
      last = read.get();
    }
    return last;
  }

  static JsonObject data(JsonObject event) {
    return event.getJsonObject("data");
  }

  static boolean is(JsonObject event, String name, String goalId) {
    return name.equals(event.getString("event"))
        && goalId.equals(data(event).getString("goalId", null));
  }
}
