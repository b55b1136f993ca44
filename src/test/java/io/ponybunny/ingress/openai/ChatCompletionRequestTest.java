package io.ponybunny.ingress.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ponybunny.llm.api.ChatMessage;
import io.ponybunny.llm.api.LlmRequest;
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

class ChatCompletionRequestTest {

  /** Small limits: 3 messages, 40 characters, max tokens 100. */
  private static final CompletionLimits LIMITS = new CompletionLimits(4096, 3, 40, 100, 1000);

  private static final String USER = "{\"role\":\"user\",\"content\":\"hi\"}";

  private static ChatCompletionRequest read(String json) {
    return ChatCompletionRequest.from(JsonSupport.readValue(json.replace('\'', '"')), LIMITS);
  }

  /** A body with {@code messages} and the other members {@code extra} (single quotes allowed). */
  private static String body(String messages, String extra) {
    return "{'model':'sim/m','messages':["
        + messages
        + "]"
        + (extra.isEmpty() ? "" : "," + extra)
        + "}";
  }

  private static String user() {
    return USER.replace('"', '\'');
  }

  static Stream<Arguments> refusals() {
    return Stream.of(
        Arguments.of("model missing", "{'messages':[" + user() + "]}", "model", "is required"),
        Arguments.of(
            "model not a string", "{'model':3,'messages':[" + user() + "]}", "model", "required"),
        Arguments.of(
            "model too long",
            "{'model':'" + "m".repeat(301) + "','messages':[" + user() + "]}",
            "model",
            "at most 300"),
        Arguments.of("messages missing", "{'model':'sim/m'}", "messages", "is required"),
        Arguments.of("messages empty", body("", ""), "messages", "non-empty"),
        Arguments.of(
            "too many messages",
            body(user() + "," + user() + "," + user() + "," + user(), ""),
            "messages",
            "at most 3 messages"),
        Arguments.of(
            "too many characters",
            body("{'role':'user','content':'" + "x".repeat(41) + "'}", ""),
            "messages",
            "at most 40 characters"),
        Arguments.of("message not an object", body("'hi'", ""), "messages[0]", "an object"),
        Arguments.of(
            "function role",
            body("{'role':'function','name':'f','content':'x'}", ""),
            "messages[0].role",
            "one of system, developer, user, assistant, tool"),
        Arguments.of(
            "user content missing", body("{'role':'user'}", ""), "messages[0].content", "required"),
        Arguments.of(
            "content a number",
            body("{'role':'user','content':7}", ""),
            "messages[0].content",
            "a string or an array"),
        Arguments.of(
            "image part",
            body(
                "{'role':'user','content':[{'type':'text','text':'what is it'},"
                    + "{'type':'image_url','image_url':{'url':'https://example.test/a.png'}}]}",
                ""),
            "messages[0].content[1].type",
            "'image_url' is not supported"),
        Arguments.of(
            "audio part",
            body("{'role':'user','content':[{'type':'input_audio','input_audio':{}}]}", ""),
            "messages[0].content[0].type",
            "images, audio and files are refused"),
        Arguments.of(
            "text part without text",
            body("{'role':'user','content':[{'type':'text'}]}", ""),
            "messages[0].content[0].text",
            "a string"),
        Arguments.of(
            "tool message without id",
            body("{'role':'tool','content':'42'}", ""),
            "messages[0].tool_call_id",
            "is required"),
        Arguments.of(
            "tool call without id",
            body(
                "{'role':'assistant','tool_calls':[{'type':'function',"
                    + "'function':{'name':'f','arguments':'{}'}}]}",
                ""),
            "messages[0].tool_calls[0].id",
            "is required"),
        Arguments.of(
            "tool call without function",
            body("{'role':'assistant','tool_calls':[{'id':'c1','type':'function'}]}", ""),
            "messages[0].tool_calls[0].function",
            "is required"),
        Arguments.of(
            "tool call arguments not a string",
            body(
                "{'role':'assistant','tool_calls':[{'id':'c1','type':'function',"
                    + "'function':{'name':'f','arguments':{}}}]}",
                ""),
            "messages[0].tool_calls[0].function.arguments",
            "a string of JSON"),
        Arguments.of("n of 2", body(user(), "'n':2"), "n", "must be 1"),
        Arguments.of("n of 0", body(user(), "'n':0"), "n", "at least 1"),
        Arguments.of("stream not boolean", body(user(), "'stream':'yes'"), "stream", "true or"),
        Arguments.of(
            "include_usage not boolean",
            body(user(), "'stream':true,'stream_options':{'include_usage':1}"),
            "stream_options.include_usage",
            "true or false"),
        Arguments.of(
            "stream_options not an object",
            body(user(), "'stream':true,'stream_options':true"),
            "stream_options",
            "an object"),
        Arguments.of(
            "max_tokens over the cap", body(user(), "'max_tokens':101"), "max_tokens", "1 to 100"),
        Arguments.of(
            "max_completion_tokens zero",
            body(user(), "'max_completion_tokens':0"),
            "max_completion_tokens",
            "1 to 100"),
        Arguments.of(
            "max_tokens fractional", body(user(), "'max_tokens':1.5"), "max_tokens", "1 to 100"),
        Arguments.of(
            "temperature over 2", body(user(), "'temperature':2.5"), "temperature", "0 to 2"),
        Arguments.of(
            "temperature a string", body(user(), "'temperature':'hot'"), "temperature", "0 to 2"),
        Arguments.of("tools not an array", body(user(), "'tools':{}"), "tools", "an array"),
        Arguments.of(
            "a custom tool",
            body(user(), "'tools':[{'type':'custom','custom':{'name':'x'}}]"),
            "tools[0].type",
            "function tools only"),
        Arguments.of(
            "tool without function",
            body(user(), "'tools':[{'type':'function'}]"),
            "tools[0].function",
            "is required"),
        Arguments.of(
            "tool name with a space",
            body(user(), "'tools':[{'type':'function','function':{'name':'get weather'}}]"),
            "tools[0].function.name",
            "1-64 letters"),
        Arguments.of(
            "tool parameters not an object",
            body(user(), "'tools':[{'type':'function','function':{'name':'f','parameters':'x'}}]"),
            "tools[0].function.parameters",
            "JSON schema object"),
        Arguments.of(
            "tool_choice required",
            body(user(), "'tool_choice':'required'"),
            "tool_choice",
            "'auto' or 'none'"),
        Arguments.of(
            "tool_choice naming a function",
            body(user(), "'tool_choice':{'type':'function','function':{'name':'f'}}"),
            "tool_choice",
            "'auto' or 'none'"),
        Arguments.of(
            "response_format of another type",
            body(user(), "'response_format':{'type':'grammar'}"),
            "response_format.type",
            "'text', 'json_object' or 'json_schema'"),
        Arguments.of(
            "json_schema without its member",
            body(user(), "'response_format':{'type':'json_schema'}"),
            "response_format.json_schema",
            "is required"),
        Arguments.of(
            "json_schema schema not an object",
            body(user(), "'response_format':{'type':'json_schema','json_schema':{'schema':[1]}}"),
            "response_format.json_schema.schema",
            "JSON schema object"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusals")
  void eachBadFieldIsRefusedWithA400NamingIt(
      String name, String json, String field, String message) {
    InvalidFieldsException e = assertThrows(InvalidFieldsException.class, () -> read(json));
    assertEquals(400, e.getResponse().getStatus());
    assertEquals(1, e.errors().size(), e.errors().toString());
    assertEquals(field, e.errors().get(0).field());
    assertTrue(
        e.errors().get(0).message().contains(message),
        "'" + e.errors().get(0).message() + "' should contain '" + message + "'");
  }

  @Test
  void aBodyThatIsNoObjectIsA400() {
    assertEquals(
        400, assertThrows(ApiException.class, () -> read("[1]")).getResponse().getStatus());
    assertEquals(
        400,
        assertThrows(
                ApiException.class,
                () -> ChatCompletionRequest.from(jakarta.json.JsonValue.NULL, LIMITS))
            .getResponse()
            .getStatus());
  }

  @Test
  void aMinimalRequestHasTheDefaults() {
    ChatCompletionRequest r = read(body(user(), ""));
    assertEquals("sim/m", r.model());
    assertEquals(List.of(ChatMessage.user("hi")), r.messages());
    assertFalse(r.stream());
    assertFalse(r.includeUsage());
    assertTrue(r.tools().isEmpty());
    assertNull(r.maxTokens());
    assertNull(r.temperature());
    assertEquals("text", r.responseFormat());
    assertNull(r.formatInstruction());
  }

  @Test
  void everyRoleAndContentShapeBecomesAChatMessage() {
    ChatCompletionRequest r =
        ChatCompletionRequest.from(
            JsonSupport.readValue(
                body(
                        "{'role':'system','content':'be brief'},"
                            + "{'role':'developer','content':[{'type':'text','text':'use metric'}]},"
                            + "{'role':'user','name':'ann','content':[{'type':'text','text':'a'},"
                            + "{'type':'text','text':'b'}]}",
                        "")
                    .replace('\'', '"')),
            new CompletionLimits(4096, 10, 1000, 100, 1000));
    assertEquals(
        List.of(
            ChatMessage.system("be brief"),
            ChatMessage.system("use metric"),
            ChatMessage.user("a\nb")),
        r.messages());
  }

  @Test
  void anAssistantTurnWithToolCallsAndItsToolResultRoundTrip() {
    ChatCompletionRequest r =
        read(
            body(
                "{'role':'assistant','content':null,'tool_calls':[{'id':'call_1','type':'function',"
                    + "'function':{'name':'get_weather','arguments':'{\\'city\\':\\'Oslo\\'}'}}]},"
                    + "{'role':'tool','tool_call_id':'call_1','content':'sunny'}",
                ""));
    ChatMessage assistant = r.messages().get(0);
    assertEquals("assistant", assistant.role());
    assertNull(assistant.content(), "an assistant turn of tool calls only has no text");
    ToolCall call = assistant.toolCalls().get(0);
    assertEquals("call_1", call.id());
    assertEquals("get_weather", call.name());
    assertEquals("{\"city\":\"Oslo\"}", call.rawArguments());
    assertEquals("Oslo", call.arguments().asJsonObject().getString("city"));
    assertEquals(ChatMessage.toolResult("call_1", "sunny"), r.messages().get(1));
  }

  @Test
  void anAssistantTextWithoutToolCallsIsKeptAndNullTextBecomesEmpty() {
    ChatCompletionRequest r =
        read(body("{'role':'assistant','content':'earlier'},{'role':'assistant'}", ""));
    assertEquals(ChatMessage.assistant("earlier", List.of()), r.messages().get(0));
    assertEquals("", r.messages().get(1).content());
  }

  @Test
  void samplingStreamingAndToolsAreRead() {
    ChatCompletionRequest r =
        read(
            body(
                user(),
                "'stream':true,'stream_options':{'include_usage':true},'max_tokens':50,"
                    + "'temperature':0.5,'n':1,'tool_choice':'auto','top_p':0.9,'seed':7,"
                    + "'user':'u1','parallel_tool_calls':true,"
                    + "'tools':[{'type':'function','function':{'name':'get_weather',"
                    + "'description':'Weather of a city','parameters':{'type':'object',"
                    + "'properties':{'city':{'type':'string'}}}}},"
                    + "{'type':'function','function':{'name':'now'}}]"));
    assertTrue(r.stream());
    assertTrue(r.includeUsage());
    assertEquals(50, r.maxTokens());
    assertEquals(0.5, r.temperature());
    assertEquals(2, r.tools().size());
    assertEquals("get_weather", r.tools().get(0).name());
    assertEquals("Weather of a city", r.tools().get(0).description());
    assertEquals(
        "string",
        r.tools()
            .get(0)
            .parameters()
            .getJsonObject("properties")
            .getJsonObject("city")
            .getString("type"));
    assertEquals(
        "{\"type\":\"object\",\"properties\":{}}",
        r.tools().get(1).parameters().toString(),
        "a function without parameters takes none");
  }

  @Test
  void maxCompletionTokensWinsOverMaxTokens() {
    assertEquals(20, read(body(user(), "'max_tokens':90,'max_completion_tokens':20")).maxTokens());
  }

  @Test
  void includeUsageCountsOnlyWhenStreaming() {
    assertFalse(read(body(user(), "'stream_options':{'include_usage':true}")).includeUsage());
  }

  @Test
  void toolChoiceNoneOffersNoTools() {
    ChatCompletionRequest r =
        read(
            body(
                user(),
                "'tool_choice':'none','tools':[{'type':'function','function':{'name':'f'}}]"));
    assertTrue(r.tools().isEmpty());
  }

  @Test
  void aJsonResponseFormatBecomesAnInstructionAfterTheSystemMessages() {
    ChatCompletionRequest r =
        read(
            body(
                "{'role':'system','content':'be brief'}," + user(),
                "'response_format':{'type':'json_schema','json_schema':{'name':'answer',"
                    + "'schema':{'type':'object','properties':{'n':{'type':'integer'}}}}}"));
    assertEquals("json_schema", r.responseFormat());
    LlmRequest llm = r.llmRequest();
    assertEquals(3, llm.messages().size());
    assertEquals(ChatMessage.system("be brief"), llm.messages().get(0));
    ChatMessage instruction = llm.messages().get(1);
    assertEquals("system", instruction.role());
    assertTrue(instruction.content().contains("single JSON object"));
    assertTrue(
        instruction
            .content()
            .contains("{\"type\":\"object\",\"properties\":{\"n\":{\"type\":\"integer\"}}}"));
    assertEquals(ChatMessage.user("hi"), llm.messages().get(2));

    LlmRequest jsonObject =
        read(body(user(), "'response_format':{'type':'json_object'}")).llmRequest();
    assertEquals("system", jsonObject.messages().get(0).role());
    assertEquals(ChatMessage.user("hi"), jsonObject.messages().get(1));
    assertEquals(
        1, read(body(user(), "'response_format':{'type':'text'}")).llmRequest().messages().size());
  }

  @Test
  void theLlmRequestCarriesModelLimitsAndTools() {
    LlmRequest llm =
        read(body(
                user(),
                "'max_completion_tokens':9,'temperature':0,"
                    + "'tools':[{'type':'function','function':{'name':'f'}}]"))
            .llmRequest();
    assertEquals("sim/m", llm.model());
    assertEquals(9, llm.maxTokens());
    assertEquals(0.0, llm.temperature());
    assertEquals("f", llm.tools().get(0).name());
  }
}
