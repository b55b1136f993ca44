package io.ponybunny.llm.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ponybunny.llm.api.ChatMessage;
import io.ponybunny.llm.api.LlmRequest;
import io.ponybunny.llm.api.ToolSpec;
import io.ponybunny.llm.http.HttpCall;
import io.ponybunny.llm.json.JsonSupport;
import io.ponybunny.llm.provider.anthropic.AnthropicAdapter;
import io.ponybunny.llm.provider.gemini.GeminiAdapter;
import io.ponybunny.llm.provider.gemini.GeminiJsonArrayAdapter;
import io.ponybunny.llm.provider.ollama.OllamaAdapter;
import io.ponybunny.llm.provider.openai.OpenAiAdapter;
import io.ponybunny.llm.provider.openai.OpenAiResponsesAdapter;
import jakarta.json.JsonObject;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Every protocol's request, byte for byte: the URI, the headers (sorted by name, the key shown as
 * {@code {KEY}}) and the exact JSON body, for a full streaming request, a minimal one, the edge
 * cases (null and empty system messages, a {@code tool} turn, escaping, a tool without description
 * or schema, a zero temperature, a blank key, a base URL with spaces and trailing slashes) and a
 * request that sets only max tokens. The per-adapter tests check meanings; this one pins bytes, so
 * that a change in how requests are built cannot change what providers receive unnoticed.
 */
class RequestBytesTest {

  private record Case(EndpointTarget target, LlmRequest request, boolean stream) {}

  private static final Case FULL =
      new Case(
          new EndpointTarget("e", "https://h.test/base/", AdapterTestSupport.KEY),
          AdapterTestSupport.request(),
          true);

  private static final Case MINIMAL =
      new Case(new EndpointTarget("e", "http://h.test", null), AdapterTestSupport.minimal(), false);

  private static final Case EDGE =
      new Case(
          new EndpointTarget("e", " https://h.test// ", "  "),
          new LlmRequest(
              "m-1",
              List.of(
                  new ChatMessage("system", null),
                  ChatMessage.system(""),
                  ChatMessage.system("A \"q\" \u00e9"),
                  new ChatMessage("user", null),
                  new ChatMessage("tool", "result"),
                  ChatMessage.assistant("ok"),
                  ChatMessage.system("B")),
              null,
              0.0,
              List.of(
                  new ToolSpec("t1", null, null),
                  new ToolSpec(
                      "t2",
                      "d",
                      (JsonObject)
                          JsonSupport.readValue(
                              "{\"type\":\"object\",\"properties\":{\"q\":{\"type\":\"string\"}}}")))),
          true);

  private static final Case MAX_TOKENS_ONLY =
      new Case(
          new EndpointTarget("e", "https://h.test", AdapterTestSupport.KEY),
          new LlmRequest("m-1", List.of(ChatMessage.user("Hi")), 1, null, null),
          false);

  private static String wire(ProtocolAdapter adapter, Case c) {
    HttpCall call = adapter.buildRequest(c.target(), c.request(), c.stream());
    return (call.uri() + "\n" + new TreeMap<>(call.headers()) + "\n" + call.body())
        .replace(AdapterTestSupport.KEY, "{KEY}");
  }

  @Test
  void openAiChat() {
    ProtocolAdapter a = new OpenAiAdapter();
    assertEquals(
        """
        https://h.test/base/chat/completions
        {Accept=text/event-stream, Authorization=Bearer {KEY}, Content-Type=application/json}
        {"model":"m-1","messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Weather?"},{"role":"assistant","content":"Which city?"},{"role":"user","content":"Paris"}],"max_tokens":256,"temperature":0.5,"tools":[{"type":"function","function":{"name":"get_weather","description":"Looks up weather","parameters":{"type":"object","properties":{"city":{"type":"string"}}}}}],"stream":true,"stream_options":{"include_usage":true}}""",
        wire(a, FULL));
    assertEquals(
        """
        http://h.test/chat/completions
        {Accept=application/json, Content-Type=application/json}
        {"model":"m-1","messages":[{"role":"user","content":"Hi"}]}""",
        wire(a, MINIMAL));
    assertEquals(
        """
        https://h.test/chat/completions
        {Accept=text/event-stream, Content-Type=application/json}
        {"model":"m-1","messages":[{"role":"system","content":""},{"role":"system","content":""},{"role":"system","content":"A \\"q\\" é"},{"role":"user","content":""},{"role":"tool","content":"result"},{"role":"assistant","content":"ok"},{"role":"system","content":"B"}],"temperature":0.0,"tools":[{"type":"function","function":{"name":"t1","parameters":{"type":"object","properties":{}}}},{"type":"function","function":{"name":"t2","description":"d","parameters":{"type":"object","properties":{"q":{"type":"string"}}}}}],"stream":true,"stream_options":{"include_usage":true}}""",
        wire(a, EDGE));
    assertEquals(
        """
        https://h.test/chat/completions
        {Accept=application/json, Authorization=Bearer {KEY}, Content-Type=application/json}
        {"model":"m-1","messages":[{"role":"user","content":"Hi"}],"max_tokens":1}""",
        wire(a, MAX_TOKENS_ONLY));
  }

  @Test
  void openAiResponses() {
    ProtocolAdapter a = new OpenAiResponsesAdapter();
    assertEquals(
        """
        https://h.test/base/responses
        {Accept=text/event-stream, Authorization=Bearer {KEY}, Content-Type=application/json}
        {"model":"m-1","instructions":"Be brief.","input":[{"type":"message","role":"user","content":"Weather?"},{"type":"message","role":"assistant","content":"Which city?"},{"type":"message","role":"user","content":"Paris"}],"max_output_tokens":256,"temperature":0.5,"tools":[{"type":"function","name":"get_weather","description":"Looks up weather","parameters":{"type":"object","properties":{"city":{"type":"string"}}}}],"stream":true}""",
        wire(a, FULL));
    assertEquals(
        """
        http://h.test/responses
        {Accept=application/json, Content-Type=application/json}
        {"model":"m-1","input":[{"type":"message","role":"user","content":"Hi"}],"stream":false}""",
        wire(a, MINIMAL));
    assertEquals(
        """
        https://h.test/responses
        {Accept=text/event-stream, Content-Type=application/json}
        {"model":"m-1","instructions":"A \\"q\\" é\\n\\nB","input":[{"type":"message","role":"user","content":""},{"type":"message","role":"user","content":"result"},{"type":"message","role":"assistant","content":"ok"}],"temperature":0.0,"tools":[{"type":"function","name":"t1","parameters":{"type":"object"}},{"type":"function","name":"t2","description":"d","parameters":{"type":"object","properties":{"q":{"type":"string"}}}}],"stream":true}""",
        wire(a, EDGE));
    assertEquals(
        """
        https://h.test/responses
        {Accept=application/json, Authorization=Bearer {KEY}, Content-Type=application/json}
        {"model":"m-1","input":[{"type":"message","role":"user","content":"Hi"}],"max_output_tokens":1,"stream":false}""",
        wire(a, MAX_TOKENS_ONLY));
  }

  @Test
  void anthropic() {
    ProtocolAdapter a = new AnthropicAdapter();
    assertEquals(
        """
        https://h.test/base/v1/messages
        {Accept=text/event-stream, anthropic-version=2023-06-01, content-type=application/json, x-api-key={KEY}}
        {"model":"m-1","system":"Be brief.","messages":[{"role":"user","content":"Weather?"},{"role":"assistant","content":"Which city?"},{"role":"user","content":"Paris"}],"max_tokens":256,"temperature":0.5,"tools":[{"name":"get_weather","description":"Looks up weather","input_schema":{"type":"object","properties":{"city":{"type":"string"}}}}],"stream":true}""",
        wire(a, FULL));
    assertEquals(
        """
        http://h.test/v1/messages
        {Accept=application/json, anthropic-version=2023-06-01, content-type=application/json}
        {"model":"m-1","messages":[{"role":"user","content":"Hi"}],"max_tokens":4096}""",
        wire(a, MINIMAL));
    assertEquals(
        """
        https://h.test/v1/messages
        {Accept=text/event-stream, anthropic-version=2023-06-01, content-type=application/json}
        {"model":"m-1","system":"A \\"q\\" é\\n\\nB","messages":[{"role":"user","content":""},{"role":"user","content":"result"},{"role":"assistant","content":"ok"}],"max_tokens":4096,"temperature":0.0,"tools":[{"name":"t1","input_schema":{"type":"object"}},{"name":"t2","description":"d","input_schema":{"type":"object","properties":{"q":{"type":"string"}}}}],"stream":true}""",
        wire(a, EDGE));
    assertEquals(
        """
        https://h.test/v1/messages
        {Accept=application/json, anthropic-version=2023-06-01, content-type=application/json, x-api-key={KEY}}
        {"model":"m-1","messages":[{"role":"user","content":"Hi"}],"max_tokens":1}""",
        wire(a, MAX_TOKENS_ONLY));
  }

  @Test
  void gemini() {
    ProtocolAdapter a = new GeminiAdapter();
    assertEquals(
        """
        https://h.test/base/v1beta/models/m-1:streamGenerateContent?alt=sse
        {Accept=text/event-stream, Content-Type=application/json, x-goog-api-key={KEY}}
        {"contents":[{"role":"user","parts":[{"text":"Weather?"}]},{"role":"model","parts":[{"text":"Which city?"}]},{"role":"user","parts":[{"text":"Paris"}]}],"systemInstruction":{"parts":[{"text":"Be brief."}]},"generationConfig":{"maxOutputTokens":256,"temperature":0.5},"tools":[{"functionDeclarations":[{"name":"get_weather","description":"Looks up weather","parameters":{"type":"object","properties":{"city":{"type":"string"}}}}]}]}""",
        wire(a, FULL));
    assertEquals(
        """
        http://h.test/v1beta/models/m-1:generateContent
        {Accept=application/json, Content-Type=application/json}
        {"contents":[{"role":"user","parts":[{"text":"Hi"}]}]}""",
        wire(a, MINIMAL));
    assertEquals(
        """
        https://h.test/v1beta/models/m-1:streamGenerateContent?alt=sse
        {Accept=text/event-stream, Content-Type=application/json}
        {"contents":[{"role":"user","parts":[{"text":""}]},{"role":"user","parts":[{"text":"result"}]},{"role":"model","parts":[{"text":"ok"}]}],"systemInstruction":{"parts":[{"text":"A \\"q\\" é\\n\\nB"}]},"generationConfig":{"temperature":0.0},"tools":[{"functionDeclarations":[{"name":"t1"},{"name":"t2","description":"d","parameters":{"type":"object","properties":{"q":{"type":"string"}}}}]}]}""",
        wire(a, EDGE));
    assertEquals(
        """
        https://h.test/v1beta/models/m-1:generateContent
        {Accept=application/json, Content-Type=application/json, x-goog-api-key={KEY}}
        {"contents":[{"role":"user","parts":[{"text":"Hi"}]}],"generationConfig":{"maxOutputTokens":1}}""",
        wire(a, MAX_TOKENS_ONLY));
  }

  @Test
  void geminiJsonArray() {
    ProtocolAdapter a = new GeminiJsonArrayAdapter();
    assertEquals(
        """
        https://h.test/base/v1beta/models/m-1:streamGenerateContent
        {Accept=text/event-stream, Content-Type=application/json, x-goog-api-key={KEY}}
        {"contents":[{"role":"user","parts":[{"text":"Weather?"}]},{"role":"model","parts":[{"text":"Which city?"}]},{"role":"user","parts":[{"text":"Paris"}]}],"systemInstruction":{"parts":[{"text":"Be brief."}]},"generationConfig":{"maxOutputTokens":256,"temperature":0.5},"tools":[{"functionDeclarations":[{"name":"get_weather","description":"Looks up weather","parameters":{"type":"object","properties":{"city":{"type":"string"}}}}]}]}""",
        wire(a, FULL));
    assertEquals(
        """
        http://h.test/v1beta/models/m-1:generateContent
        {Accept=application/json, Content-Type=application/json}
        {"contents":[{"role":"user","parts":[{"text":"Hi"}]}]}""",
        wire(a, MINIMAL));
    assertEquals(
        """
        https://h.test/v1beta/models/m-1:streamGenerateContent
        {Accept=text/event-stream, Content-Type=application/json}
        {"contents":[{"role":"user","parts":[{"text":""}]},{"role":"user","parts":[{"text":"result"}]},{"role":"model","parts":[{"text":"ok"}]}],"systemInstruction":{"parts":[{"text":"A \\"q\\" é\\n\\nB"}]},"generationConfig":{"temperature":0.0},"tools":[{"functionDeclarations":[{"name":"t1"},{"name":"t2","description":"d","parameters":{"type":"object","properties":{"q":{"type":"string"}}}}]}]}""",
        wire(a, EDGE));
    assertEquals(
        """
        https://h.test/v1beta/models/m-1:generateContent
        {Accept=application/json, Content-Type=application/json, x-goog-api-key={KEY}}
        {"contents":[{"role":"user","parts":[{"text":"Hi"}]}],"generationConfig":{"maxOutputTokens":1}}""",
        wire(a, MAX_TOKENS_ONLY));
  }

  @Test
  void ollama() {
    ProtocolAdapter a = new OllamaAdapter();
    assertEquals(
        """
        https://h.test/base/api/chat
        {Accept=application/x-ndjson, Authorization=Bearer {KEY}, Content-Type=application/json}
        {"model":"m-1","messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Weather?"},{"role":"assistant","content":"Which city?"},{"role":"user","content":"Paris"}],"stream":true,"options":{"num_predict":256,"temperature":0.5},"tools":[{"type":"function","function":{"name":"get_weather","description":"Looks up weather","parameters":{"type":"object","properties":{"city":{"type":"string"}}}}}]}""",
        wire(a, FULL));
    assertEquals(
        """
        http://h.test/api/chat
        {Accept=application/json, Content-Type=application/json}
        {"model":"m-1","messages":[{"role":"user","content":"Hi"}],"stream":false}""",
        wire(a, MINIMAL));
    assertEquals(
        """
        https://h.test/api/chat
        {Accept=application/x-ndjson, Content-Type=application/json}
        {"model":"m-1","messages":[{"role":"system","content":""},{"role":"system","content":""},{"role":"system","content":"A \\"q\\" é"},{"role":"user","content":""},{"role":"tool","content":"result"},{"role":"assistant","content":"ok"},{"role":"system","content":"B"}],"stream":true,"options":{"temperature":0.0},"tools":[{"type":"function","function":{"name":"t1"}},{"type":"function","function":{"name":"t2","description":"d","parameters":{"type":"object","properties":{"q":{"type":"string"}}}}}]}""",
        wire(a, EDGE));
    assertEquals(
        """
        https://h.test/api/chat
        {Accept=application/json, Authorization=Bearer {KEY}, Content-Type=application/json}
        {"model":"m-1","messages":[{"role":"user","content":"Hi"}],"stream":false,"options":{"num_predict":1}}""",
        wire(a, MAX_TOKENS_ONLY));
  }
}
