package io.ponybunny.llm.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.anthropic.models.messages.ContentBlockParam;
import com.anthropic.models.messages.MessageCreateParams;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessageParam;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseInputItem;
import io.ponybunny.llm.api.LlmRequest;
import io.ponybunny.llm.provider.anthropic.AnthropicAdapter;
import io.ponybunny.llm.provider.openai.OpenAiAdapter;
import io.ponybunny.llm.provider.openai.OpenAiResponsesAdapter;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The tool round-trip requests read as valid, typed requests of the official OpenAI and Anthropic
 * Java SDKs: every message, item and block is the SDK's tool-call or tool-result variant, not an
 * unknown shape.
 */
class SdkRequestShapesTest {

  private static final EndpointTarget TARGET = new EndpointTarget("e", "http://h.test", null);

  /** A model name the OpenAI SDK knows, so that its strict model check passes. */
  private static final LlmRequest ROUND_TRIP = AdapterTestSupport.toolRoundTrip("gpt-4o");

  @Test
  void openAiChatMessagesAreTheSdksAssistantAndToolMessages() throws Exception {
    ChatCompletionCreateParams.Body body =
        com.openai.core.ObjectMappers.jsonMapper()
            .readValue(
                new OpenAiAdapter().buildRequest(TARGET, ROUND_TRIP, false).body(),
                ChatCompletionCreateParams.Body.class);
    body.validate();
    List<ChatCompletionMessageParam> m = body.messages();
    assertEquals(2, m.get(2).asAssistant().toolCalls().orElseThrow().size());
    assertEquals("c1", m.get(3).asTool().toolCallId());
    assertEquals("c2", m.get(4).asTool().toolCallId());
    assertTrue(m.get(5).asAssistant().content().isEmpty(), "no text: content null");
    assertEquals("c3", m.get(6).asTool().toolCallId());
  }

  @Test
  void openAiResponsesInputIsTheSdksFunctionCallAndOutputItems() throws Exception {
    ResponseCreateParams.Body body =
        com.openai.core.ObjectMappers.jsonMapper()
            .readValue(
                new OpenAiResponsesAdapter().buildRequest(TARGET, ROUND_TRIP, false).body(),
                ResponseCreateParams.Body.class);
    body.validate();
    List<ResponseInputItem> items = body.input().orElseThrow().asResponse();
    assertEquals("c1", items.get(2).asFunctionCall().callId());
    assertEquals("{\"city\":\"Ro", items.get(3).asFunctionCall().arguments());
    assertEquals(Optional.of("c1"), items.get(4).asFunctionCallOutput().callId());
    assertEquals(Optional.of("c3"), items.get(7).asFunctionCallOutput().callId());
  }

  @Test
  void anthropicContentIsTheSdksToolUseAndToolResultBlocks() throws Exception {
    MessageCreateParams.Body body =
        com.anthropic.core.ObjectMappers.jsonMapper()
            .readValue(
                new AnthropicAdapter().buildRequest(TARGET, ROUND_TRIP, false).body(),
                MessageCreateParams.Body.class);
    body.validate();
    List<ContentBlockParam> calls = body.messages().get(1).content().asContentBlockParams();
    assertTrue(calls.get(0).isText());
    assertEquals("c1", calls.get(1).asToolUse().id());
    List<ContentBlockParam> results = body.messages().get(2).content().asContentBlockParams();
    assertEquals("c1", results.get(0).asToolResult().toolUseId());
    assertEquals("c2", results.get(1).asToolResult().toolUseId());
    assertEquals(5, body.messages().size(), "user, calls, results, call, result");
  }
}
