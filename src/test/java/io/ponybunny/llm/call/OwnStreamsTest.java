package io.ponybunny.llm.call;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ponybunny.llm.provider.StreamFixtures;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Every own recorded-style stream under {@code src/test/resources/streams}, per protocol. */
class OwnStreamsTest {

  private static final List<StreamFixtures.Fixture> FIXTURES =
      StreamFixtures.load(StreamFixtures.ownDir());

  private static Stream<DynamicTest> folder(String folder) {
    return FIXTURES.stream()
        .filter(f -> f.folder().equals(folder))
        .map(
            f ->
                DynamicTest.dynamicTest(
                    f.label(),
                    () -> StreamFixtures.assertMatches(f.expected(), f.result(), f.label())));
  }

  @Test
  void everyProtocolHasStreams() {
    for (String folder : List.of("openai", "anthropic", "gemini", "ollama")) {
      assertTrue(FIXTURES.stream().anyMatch(f -> f.folder().equals(folder)), folder);
    }
    assertTrue(FIXTURES.stream().anyMatch(f -> f.name().startsWith("responses-")), "responses");
  }

  @TestFactory
  Stream<DynamicTest> openai() {
    return folder("openai");
  }

  @TestFactory
  Stream<DynamicTest> anthropic() {
    return folder("anthropic");
  }

  @TestFactory
  Stream<DynamicTest> gemini() {
    return folder("gemini");
  }

  @TestFactory
  Stream<DynamicTest> ollama() {
    return folder("ollama");
  }
}
