package io.ponybunny.ingress.anthropic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ponybunny.llm.api.ChatMessage;
import io.ponybunny.llm.api.ToolCall;
import io.ponybunny.llm.json.JsonSupport;
import io.ponybunny.web.rest.ApiException;
import io.ponybunny.web.rest.CompletionLimits;
import io.ponybunny.web.rest.InvalidFieldsException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Reading a {@code POST /v1/messages} body: each field, and a 400 naming each mistake. */
class MessagesRequestTest {

  /** 4 messages, 200 characters, max_tokens up to 1000. */
  private static final CompletionLimits LIMITS = new CompletionLimits(4096, 4, 200, 1000, 1000);

  private static final String USER = "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]";

  private static MessagesRequest read(String json) {
    return MessagesRequest.from(JsonSupport.readValue(json), LIMITS);
  }

  /** A minimal valid body with {@code extra} members added. */
  private static String body(String extra) {
    return "{\"model\":\"sim-anthropic/sim\",\"max_tokens\":100," + USER + extra + "}";
  }

  @Test
  void aMinimalRequestCarriesModelMaxTokensAndTheUserMessage() {
    MessagesRequest r = read(body(""));
    assertEquals("sim-anthropic/sim", r.model());
    assertEquals(100, r.maxTokens());
    assertEquals(List.of(ChatMessage.user("Hi")), r.messages());
    assertNull(r.temperature());
    assertTrue(r.tools().isEmpty());
    assertFalse(r.stream());
    assertEquals("sim-anthropic/sim", r.toLlmRequest().model());
    assertEquals(100, r.toLlmRequest().maxTokens());
  }

  @Test
  void systemAsAStringOrTextBlocksComesFirst() {
    assertEquals(
        ChatMessage.system("Be brief."), read(body(",\"system\":\"Be brief.\"")).messages().get(0));
    MessagesRequest blocks =
        read(
            body(
                ",\"system\":[{\"type\":\"text\",\"text\":\"One.\",\"cache_control\":"
                    + "{\"type\":\"ephemeral\"}},{\"type\":\"text\",\"text\":\"Two.\"}]"));
    assertEquals(ChatMessage.system("One.\nTwo."), blocks.messages().get(0));
    assertEquals(ChatMessage.user("Hi"), blocks.messages().get(1));
  }

  @Test
  void toolUseAndToolResultBlocksBecomeToolCallsAndToolResults() {
    MessagesRequest r =
        read(
            "{\"model\":\"m\",\"max_tokens\":10,\"messages\":["
                + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Weather?\"}]},"
                + "{\"role\":\"assistant\",\"content\":["
                + "{\"type\":\"thinking\",\"thinking\":\"hm\",\"signature\":\"c2ln\"},"
                + "{\"type\":\"text\",\"text\":\"Let me look.\"},"
                + "{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"weather\","
                + "\"input\":{\"city\":\"Oslo\"}}]},"
                + "{\"role\":\"user\",\"content\":["
                + "{\"type\":\"tool_result\",\"tool_use_id\":\"toolu_1\",\"content\":"
                + "[{\"type\":\"text\",\"text\":\"4 C\"}]},"
                + "{\"type\":\"text\",\"text\":\"Thanks\"}]}]}");
    ToolCall call =
        new ToolCall(
            "toolu_1",
            "weather",
            JsonSupport.readValue("{\"city\":\"Oslo\"}"),
            "{\"city\":\"Oslo\"}");
    assertEquals(
        List.of(
            ChatMessage.user("Weather?"),
            ChatMessage.assistant("Let me look.", List.of(call)),
            ChatMessage.toolResult("toolu_1", "4 C"),
            ChatMessage.user("Thanks")),
        r.messages());
  }

  @Test
  void aToolResultWithAnErrorOrAStringContentKeepsItsText() {
    MessagesRequest r =
        read(
            "{\"model\":\"m\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":["
                + "{\"type\":\"tool_result\",\"tool_use_id\":\"a\",\"content\":\"no such city\","
                + "\"is_error\":true},"
                + "{\"type\":\"tool_result\",\"tool_use_id\":\"b\",\"content\":\"7\"}]}]}");
    assertEquals(
        List.of(
            ChatMessage.toolResult("a", "Error: no such city"), ChatMessage.toolResult("b", "7")),
        r.messages());
  }

  @Test
  void toolsTemperatureStreamAndTheAcceptedExtrasAreRead() {
    MessagesRequest r =
        read(
            body(
                ",\"tools\":[{\"name\":\"weather\",\"description\":\"Weather of a city\","
                    + "\"input_schema\":{\"type\":\"object\"}}],\"tool_choice\":{\"type\":\"auto\"},"
                    + "\"temperature\":0.5,\"stream\":true,\"top_p\":0.9,\"top_k\":5,"
                    + "\"metadata\":{\"user_id\":\"u1\"},\"stop_sequences\":[],"
                    + "\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":1024}"));
    assertEquals(1, r.tools().size());
    assertEquals("weather", r.tools().get(0).name());
    assertEquals("Weather of a city", r.tools().get(0).description());
    assertEquals("object", r.tools().get(0).parameters().getString("type"));
    assertEquals(0.5, r.temperature());
    assertTrue(r.stream());
  }

  @Test
  void toolChoiceNoneOffersNoTools() {
    MessagesRequest r =
        read(
            body(
                ",\"tools\":[{\"name\":\"weather\",\"input_schema\":{}}],"
                    + "\"tool_choice\":{\"type\":\"none\"}"));
    assertTrue(r.tools().isEmpty());
  }

  @Test
  void aBodyThatIsNoObjectIs400() {
    ApiException e = assertThrows(ApiException.class, () -> read("[1]"));
    assertEquals(400, e.getResponse().getStatus());
  }

  static Stream<Arguments> mistakes() {
    return Stream.of(
        Arguments.of("{\"max_tokens\":10," + USER + "}", "model", "is required"),
        Arguments.of("{\"model\":\"m\"," + USER + "}", "max_tokens", "is required"),
        Arguments.of(
            "{\"model\":\"m\",\"max_tokens\":0," + USER + "}", "max_tokens", "from 1 to 1000"),
        Arguments.of(
            "{\"model\":\"m\",\"max_tokens\":1001," + USER + "}", "max_tokens", "from 1 to 1000"),
        Arguments.of(
            "{\"model\":\"m\",\"max_tokens\":1.5," + USER + "}", "max_tokens", "from 1 to 1000"),
        Arguments.of(
            "{\"model\":\"" + "m".repeat(301) + "\",\"max_tokens\":1," + USER + "}",
            "model",
            "300"),
        Arguments.of("{\"model\":\"m\",\"max_tokens\":1}", "messages", "is required"),
        Arguments.of("{\"model\":\"m\",\"max_tokens\":1,\"messages\":[]}", "messages", "non-empty"),
        Arguments.of(
            "{\"model\":\"m\",\"max_tokens\":1,\"messages\":[{\"role\":\"system\",\"content\":\"x\"}]}",
            "messages[0].role",
            "user or assistant"),
        Arguments.of(
            "{\"model\":\"m\",\"max_tokens\":1,\"messages\":[{\"role\":\"user\",\"content\":3}]}",
            "messages[0].content",
            "string or an array"),
        Arguments.of(
            "{\"model\":\"m\",\"max_tokens\":1,\"messages\":[{\"role\":\"user\",\"content\":"
                + "[{\"type\":\"image\",\"source\":{\"type\":\"base64\"}}]}]}",
            "messages[0].content[0].type",
            "'image' content is not supported"),
        Arguments.of(
            "{\"model\":\"m\",\"max_tokens\":1,\"messages\":[{\"role\":\"user\",\"content\":"
                + "[{\"type\":\"tool_result\",\"content\":\"x\"}]}]}",
            "messages[0].content[0].tool_use_id",
            "is required"),
        Arguments.of(
            "{\"model\":\"m\",\"max_tokens\":1,\"messages\":[{\"role\":\"user\",\"content\":"
                + "[{\"type\":\"tool_use\",\"id\":\"a\",\"name\":\"f\",\"input\":{}}]}]}",
            "messages[0].content[0]",
            "assistant messages"),
        Arguments.of(
            "{\"model\":\"m\",\"max_tokens\":1,\"messages\":[{\"role\":\"assistant\",\"content\":"
                + "[{\"type\":\"tool_use\",\"id\":\"a\",\"name\":\"f\",\"input\":[]}]}]}",
            "messages[0].content[0].input",
            "must be an object"),
        Arguments.of(
            "{\"model\":\"m\",\"max_tokens\":1,\"messages\":[{\"role\":\"user\",\"content\":"
                + "[{\"type\":\"text\"}]}]}",
            "messages[0].content[0].text",
            "must be a string"),
        Arguments.of(
            "{\"model\":\"m\",\"max_tokens\":1,\"messages\":["
                + "{\"role\":\"user\",\"content\":\"a\"},".repeat(4)
                + "{\"role\":\"user\",\"content\":\"a\"}]}",
            "messages",
            "at most 4 messages"),
        Arguments.of(
            "{\"model\":\"m\",\"max_tokens\":1,\"system\":\""
                + "s".repeat(150)
                + "\",\"messages\":[{\"role\":\"user\",\"content\":\""
                + "u".repeat(51)
                + "\"}]}",
            "messages",
            "at most 200 characters"),
        Arguments.of(body(",\"system\":7"), "system", "string or an array"),
        Arguments.of(body(",\"system\":[{\"type\":\"image\"}]"), "system[0]", "text block"),
        Arguments.of(body(",\"temperature\":1.5"), "temperature", "from 0 to 1"),
        Arguments.of(body(",\"stream\":\"yes\""), "stream", "true or false"),
        Arguments.of(body(",\"tools\":{}"), "tools", "must be an array"),
        Arguments.of(
            body(",\"tools\":[{\"name\":\"a b\",\"input_schema\":{}}]"),
            "tools[0].name",
            "letters"),
        Arguments.of(body(",\"tools\":[{\"name\":\"f\"}]"), "tools[0].input_schema", "is required"),
        Arguments.of(
            body(",\"tools\":[{\"type\":\"web_search_20250305\",\"name\":\"web_search\"}]"),
            "tools[0].type",
            "only custom tools"),
        Arguments.of(
            body(",\"tool_choice\":{\"type\":\"any\"}"), "tool_choice.type", "'any' is not"),
        Arguments.of(
            body(",\"tool_choice\":{\"type\":\"tool\",\"name\":\"f\"}"),
            "tool_choice.type",
            "'tool' is not"),
        Arguments.of(body(",\"tool_choice\":\"auto\""), "tool_choice", "must be an object"),
        Arguments.of(body(",\"stop_sequences\":[\"END\"]"), "stop_sequences", "is not supported"),
        Arguments.of(body(",\"thinking\":true"), "thinking", "must be an object"));
  }

  @ParameterizedTest(name = "{1}: {2}")
  @MethodSource("mistakes")
  void eachMistakeIsA400NamingItsField(String json, String field, String messagePart) {
    InvalidFieldsException e = assertThrows(InvalidFieldsException.class, () -> read(json));
    assertEquals(400, e.getResponse().getStatus());
    assertEquals(field, e.errors().get(0).field());
    assertTrue(
        e.errors().get(0).message().contains(messagePart), () -> e.errors().get(0).message());
  }
}
