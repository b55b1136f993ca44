package io.ponybunny.llm.provider;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every shared recorded stream ({@code ponybunny.fixtures.dir}) against its expectation. */
class SharedFixturesConformanceTest {

  static Path sharedDir() {
    String dir = System.getProperty("ponybunny.fixtures.dir");
    return dir == null ? null : Path.of(dir);
  }

  static List<StreamFixtures.Fixture> sharedFixtures() {
    Path dir = sharedDir();
    assumeTrue(dir != null && Files.isDirectory(dir), "shared fixtures not available: " + dir);
    return StreamFixtures.load(dir);
  }

  @TestFactory
  Stream<DynamicTest> sharedFixturesMatchTheirExpectations() {
    List<StreamFixtures.Fixture> fixtures = sharedFixtures();
    assumeTrue(!fixtures.isEmpty(), "no shared fixtures");
    return fixtures.stream()
        .map(
            f ->
                DynamicTest.dynamicTest(
                    f.label(),
                    () -> StreamFixtures.assertMatches(f.expected(), f.result(), f.label())));
  }
}
