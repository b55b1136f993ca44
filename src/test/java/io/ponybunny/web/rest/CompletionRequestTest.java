package io.ponybunny.web.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ponybunny.llm.json.JsonSupport;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CompletionRequestTest {

  /** Small limits: 3 messages, 20 characters, maxTokens 100, timeouts from 1000 ms. */
  private static final CompletionLimits LIMITS = new CompletionLimits(4096, 3, 20, 100, 1000);

  private static JsonObjectBuilder body(int messages, String content) {
    JsonArrayBuilder list = JsonSupport.arrayBuilder();
    for (int i = 0; i < messages; i++) {
      list.add(JsonSupport.objectBuilder().add("role", "user").add("content", content));
    }
    return JsonSupport.objectBuilder().add("messages", list);
  }

  static Stream<Arguments> violations() {
    return Stream.of(
        Arguments.of("too many messages", body(4, "a"), "messages", "at most 3 messages"),
        Arguments.of(
            "too many characters", body(3, "1234567"), "messages", "at most 20 characters"),
        Arguments.of(
            "maxTokens over the cap", body(1, "a").add("maxTokens", 101), "maxTokens", "1 to 100"),
        Arguments.of("maxTokens zero", body(1, "a").add("maxTokens", 0), "maxTokens", "1 to 100"),
        Arguments.of(
            "maxTokens beyond int",
            body(1, "a").add("maxTokens", 99_999_999_999L),
            "maxTokens",
            "1 to 100"),
        Arguments.of(
            "first-token timeout under the floor",
            body(1, "a").add("firstTokenTimeoutMs", 1),
            "firstTokenTimeoutMs",
            "1000 to"),
        Arguments.of(
            "idle timeout under the floor",
            body(1, "a").add("idleTimeoutMs", 999),
            "idleTimeoutMs",
            "1000 to"),
        Arguments.of(
            "model too long", body(1, "a").add("model", "s/" + "m".repeat(400)), "model", "300"),
        Arguments.of("missing messages", JsonSupport.objectBuilder(), "messages", "is required"),
        Arguments.of(
            "bad role",
            JsonSupport.objectBuilder()
                .add(
                    "messages",
                    JsonSupport.arrayBuilder()
                        .add(JsonSupport.objectBuilder().add("role", "robot").add("content", "x"))),
            "messages[0].role",
            "must be one of"),
        Arguments.of("bad goal id", body(1, "a").add("goalId", "a b"), "goalId", "letters"),
        Arguments.of(
            "bad stream flag", body(1, "a").add("stream", "yes"), "stream", "true or false"),
        Arguments.of("temperature", body(1, "a").add("temperature", 3), "temperature", "0 to 2"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("violations")
  void violationsAre400NamingTheField(
      String name, JsonObjectBuilder body, String field, String messagePart) {
    InvalidFieldsException e =
        assertThrows(
            InvalidFieldsException.class, () -> CompletionRequest.from(body.build(), LIMITS));
    assertEquals(400, e.getResponse().getStatus());
    assertEquals(1, e.errors().size());
    assertEquals(field, e.errors().get(0).field());
    assertTrue(e.errors().get(0).message().contains(messagePart), e.errors().get(0).message());
  }

  @Test
  void requestsAtTheLimitsPass() {
    CompletionRequest r =
        CompletionRequest.from(
            body(3, "1234")
                .add("maxTokens", 100)
                .add("firstTokenTimeoutMs", 1000)
                .add("idleTimeoutMs", 1000)
                .add("model", "sim/x~tps=0")
                .add("stream", true)
                .build(),
            LIMITS);
    assertEquals(3, r.messages().size());
    assertEquals(100, r.maxTokens());
    assertEquals(1000, r.firstTokenTimeoutMs());
    assertEquals(1000, r.idleTimeoutMs());
    assertTrue(r.stream());
  }

  @Test
  void theDefaultsAllow256MessagesAnd32768Tokens() {
    CompletionLimits d = CompletionLimits.defaults();
    CompletionRequest r = CompletionRequest.from(body(256, "a").add("maxTokens", 32768).build(), d);
    assertEquals(256, r.messages().size());
    InvalidFieldsException e =
        assertThrows(
            InvalidFieldsException.class, () -> CompletionRequest.from(body(257, "a").build(), d));
    assertEquals("messages", e.errors().get(0).field());
    assertThrows(
        InvalidFieldsException.class,
        () -> CompletionRequest.from(body(1, "a").add("maxTokens", 32769).build(), d));
    assertThrows(
        InvalidFieldsException.class,
        () -> CompletionRequest.from(body(1, "a").add("firstTokenTimeoutMs", 999).build(), d));
  }

  @Test
  void aBodyThatIsNoObjectIs400WithoutAField() {
    ApiException e =
        assertThrows(ApiException.class, () -> CompletionRequest.from(JsonValue.EMPTY_JSON_ARRAY));
    assertEquals(400, e.getResponse().getStatus());
  }
}
