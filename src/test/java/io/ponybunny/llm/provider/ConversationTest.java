package io.ponybunny.llm.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.ponybunny.llm.api.ChatMessage;
import io.ponybunny.llm.json.JsonSupport;
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
  void roleContentKeepsEveryMessageAsItIs() {
    assertEquals(
        "[{\"role\":\"system\",\"content\":\"S\"},{\"role\":\"tool\",\"content\":\"\"}]",
        JsonSupport.toJson(
            Conversation.roleContent(
                    List.of(ChatMessage.system("S"), new ChatMessage("tool", null)))
                .build()));
  }
}
