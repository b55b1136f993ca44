package io.ponybunny.client;

import io.ponybunny.testing.Eventually;
import io.ponybunny.testing.TestServer;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Helpers of the agent ITs: the typed REST client and waits on the eventually consistent API. */
final class AgentIt {

  /** A fast simulated model: answers the agent's prompts at full speed. */
  static final String FAST = "sim/react~tps=0";

  private AgentIt() {}

  /** The typed MicroProfile REST client on the test server. */
  static PonyBunnyClient client() {
    return TestServer.at(TestServer.HTTP).client();
  }

  /**
   * Polls {@code read} (every 50 ms) until {@code done} holds; for state the API exposes only by
   * reading it (e.g. a record written after the event the test saw). Fails after {@code timeout}.
   */
  static <T> T until(Supplier<T> read, Predicate<T> done, Duration timeout) {
    return Eventually.until(read, done, timeout);
  }

  static JsonObject data(JsonObject event) {
    return event.getJsonObject("data");
  }

  static boolean is(JsonObject event, String name, String goalId) {
    return name.equals(event.getString("event"))
        && goalId.equals(data(event).getString("goalId", null));
  }
}
