package io.ponybunny.sim;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimResponderTest {

  private final SimResponder responder = new SimResponder();

  private SimReply reply(String prompt, String model) {
    return responder.reply(new SimPrompt(prompt, 5, null), SimScenario.parse(model));
  }

  @Test
  void tokenizeKeepsLeadingSpacesAndRoundTrips() {
    assertEquals(
        List.of("Hello", " big", "\n\n-", " world! "),
        SimResponder.tokenize("Hello big\n\n- world! "));
    assertEquals(List.of("  a"), SimResponder.tokenize("  a"));
    assertEquals(List.of("   "), SimResponder.tokenize("   "));
    assertEquals(List.of(), SimResponder.tokenize(""));
  }

  @Test
  void defaultReplyIsDeterministicFriendlyAndMentionsThePrompt() {
    SimReply a = reply("Tell me about llamas", "sim-default");
    SimReply b = reply("Tell me about llamas", "sim-default");
    assertEquals(a, b);
    assertTrue(a.text().contains("Tell me about llamas"), a.text());
    assertTrue(a.tokens().size() >= 20 && a.tokens().size() <= 60, "tokens: " + a.tokens().size());
    assertEquals("stop", a.finish());
    assertTrue(a.toolCalls().isEmpty());
    for (String t : a.tokens().subList(1, a.tokens().size())) {
      assertTrue(Character.isWhitespace(t.charAt(0)), "token without leading space: '" + t + "'");
    }
  }

  @Test
  void everyTemplateIsInRangeAndSomeHaveMultiByteCharacters() {
    int multiByte = 0;
    for (String p :
        List.of(
            "a",
            "b",
            "c",
            "d",
            "e",
            "f",
            "g",
            "h",
            "a much longer prompt with many words in it ok")) {
      SimReply r = reply(p, "sim");
      assertTrue(r.tokens().size() >= 20 && r.tokens().size() <= 60, p + ": " + r.tokens().size());
      if (r.text().getBytes(StandardCharsets.UTF_8).length > r.text().length()) {
        multiByte++;
      }
    }
    assertTrue(multiByte > 0);
  }

  @Test
  void tokensKeySetsTheExactLength() {
    assertEquals(30, reply("hi", "sim~tokens=30").tokens().size());
    assertEquals(200, reply("hi", "sim~tokens=200").tokens().size());
    assertEquals(3, reply("hi", "sim~tokens=3").tokens().size());
    assertEquals(0, reply("hi", "sim~tokens=0").tokens().size());
    assertEquals(
        reply("hi", "sim").text().substring(0, 5),
        reply("hi", "sim~tokens=200").text().substring(0, 5));
  }

  @Test
  void textKeyIsTheReply() {
    SimReply r = reply("hi", "sim~text=Exactly%20this%2C%20please.");
    assertEquals("Exactly this, please.", r.text());
    assertEquals(List.of("Exactly", " this,", " please."), r.tokens());
  }

  @Test
  void echoRepliesWithTheLastUserMessageExactly() {
    SimReply r = reply("<b>Bold</b> and   spaced", "sim~echo=true");
    assertEquals("<b>Bold</b> and   spaced", r.text());
    assertEquals(List.of("<b>Bold</b>", " and", "   spaced"), r.tokens());
  }

  @Test
  void toolKeyGivesACallAndToolCallsFinish() {
    SimReply r = reply("weather?", "sim~tool=get_weather~args=%7B%22city%22%3A%22Paris%22%7D");
    assertTrue(r.tokens().isEmpty());
    assertEquals(1, r.toolCalls().size());
    SimToolCall c = r.toolCalls().get(0);
    assertEquals("get_weather", c.name());
    assertEquals("{\"city\":\"Paris\"}", c.argumentsJson());
    assertEquals("tool_calls", r.finish());
    assertEquals(
        c.id(),
        reply("weather?", "sim~tool=get_weather~args=%7B%22city%22%3A%22Paris%22%7D")
            .toolCalls()
            .get(0)
            .id());
  }

  @Test
  void maxTokensTruncatesWithLengthAndFinishKeyOverrides() {
    SimReply r = responder.reply(new SimPrompt("hi", 2, 4), SimScenario.parse("sim"));
    assertEquals(4, r.tokens().size());
    assertEquals("length", r.finish());
    assertEquals("content_filter", reply("hi", "sim~finish=content_filter").finish());
  }

  @Test
  void outputTokensCountArgumentFragments() {
    SimToolCall c = new SimToolCall("i", "f", "{\"k\":\"0123456789\"}");
    assertEquals(String.join("", c.argumentFragments()), c.argumentsJson());
    assertEquals(3, c.argumentFragments().size());
    assertEquals(2 + 3, new SimReply(List.of("a", " b"), List.of(c), "tool_calls").outputTokens());
  }

  @Test
  void aToolResultGetsTextThatRepeatsItAndNoCallEvenUnderAToolScenario() {
    SimReply r =
        responder.reply(
            new SimPrompt("weather?", 5, null, "", "Sunny, 21 C"),
            SimScenario.parse("sim~tool=get_weather"));
    assertEquals("Thanks! The tool returned: Sunny, 21 C", r.text());
    assertTrue(r.toolCalls().isEmpty());
    assertEquals("stop", r.finish());
  }

  @Test
  void theReplyToALongToolResultRepeatsItsFirstWordsAndTokensStillSetTheLength() {
    String result = "word ".repeat(SimResponder.TOOL_RESULT_WORDS + 5);
    String text =
        responder.reply(new SimPrompt("q", 5, null, "", result), SimScenario.parse("sim")).text();
    assertTrue(text.endsWith("word\u2026"), text);
    assertEquals(SimResponder.TOOL_RESULT_WORDS + 4, SimResponder.tokenize(text).size());
    assertEquals(
        "Thanks! The tool returned nothing.",
        responder.reply(new SimPrompt("q", 5, null, "", " "), SimScenario.parse("sim")).text());
    assertEquals(
        3,
        responder
            .reply(new SimPrompt("q", 5, null, "", "ok"), SimScenario.parse("sim~tokens=3"))
            .tokens()
            .size());
  }
}
