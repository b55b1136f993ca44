package io.ponybunny.llm.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ponybunny.llm.api.ChatMessage;
import io.ponybunny.llm.api.ToolCall;
import jakarta.json.JsonValue;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConversationTest {

  @Test
  void systemTextsJoinWithABlankLineAndTurnsKeepTheirOrder() {
    Conversation c =
        Conversation.of(
            List.of(
                ChatMessage.system("One."),
                ChatMessage.user("Hi"),
                ChatMessage.system("Two."),
                ChatMessage.assistant("Hello"),
                new ChatMessage("tool", "42"),
                new ChatMessage("user", null)));
    assertEquals("One.\n\nTwo.", c.system());
    assertEquals(
        List.of(
            new Conversation.Turn(false, "Hi"),
            new Conversation.Turn(true, "Hello"),
            new Conversation.Turn(false, "42"),
            new Conversation.Turn(false, "")),
        c.turns());
  }

  @Test
  void turnRoleNamesTheAssistantAsTheProtocolDoes() {
    assertEquals("model", new Conversation.Turn(true, "x").role("model"));
    assertEquals("user", new Conversation.Turn(false, "x").role("model"));
  }

  @Test
  void noSystemTextIsNull() {
    assertNull(Conversation.of(List.of(ChatMessage.user("Hi"))).system());
    assertNull(
        Conversation.of(List.of(new ChatMessage("system", null), ChatMessage.system(""))).system());
  }

  @Test
  void emptySystemTextsAddNoLeadingSeparator() {
    // as before the shared builder: a separator only once some text is there
    assertEquals(
        "A\n\n",
        Conversation.of(
                List.of(ChatMessage.system(""), ChatMessage.system("A"), ChatMessage.system("")))
            .system());
  }

  @Test
  void toolCallsStayOnTheAssistantTurnAndConsecutiveResultsMakeOneUserTurnNamedByTheirCalls() {
    ToolCall weather = new ToolCall("c1", "get_weather", null, "{\"city\":");
    ToolCall time = new ToolCall("c2", "get_time", JsonValue.EMPTY_JSON_OBJECT, "{}");
    Conversation c =
        Conversation.of(
            List.of(
                ChatMessage.user("Weather and time?"),
                ChatMessage.assistant(null, List.of(weather, time)),
                ChatMessage.toolResult("c1", "Sunny"),
                ChatMessage.toolResult("c2", null),
                ChatMessage.toolResult("c9", "orphan"),
                ChatMessage.user("Thanks"),
                ChatMessage.toolResult("c1", "again")));
    assertEquals(
        List.of(
            new Conversation.Turn(false, "Weather and time?"),
            new Conversation.Turn(true, "", List.of(weather, time), List.of()),
            new Conversation.Turn(
                false,
                "",
                List.of(),
                List.of(
                    new Conversation.ToolResult("c1", "get_weather", "Sunny"),
                    new Conversation.ToolResult("c2", "get_time", ""),
                    new Conversation.ToolResult("c9", null, "orphan"))),
            new Conversation.Turn(false, "Thanks"),
            new Conversation.Turn(
                false,
                "",
                List.of(),
                List.of(new Conversation.ToolResult("c1", "get_weather", "again")))),
        c.turns());
  }

  @Test
  void onlyAToolMessageWithACallIdIsAToolResult() {
    assertFalse(Conversation.isToolResult(new ChatMessage("tool", "42")));
    assertTrue(Conversation.isToolResult(ChatMessage.toolResult("c1", "42")));
    assertFalse(
        Conversation.isToolResult(new ChatMessage("user", "42", List.of(), "c1")),
        "only a tool message answers a call");
  }
}
