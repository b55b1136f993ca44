package io.ponybunny;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every MicroProfile Config key the server reads by a fixed name is in the README's tables; a key
 * read as a prefix ({@code ponybunny.tier.}) is documented by its pattern ({@code
 * ponybunny.tier.<tier>…}).
 */
class ReadmeConfigTest {

  /** {@code @ConfigProperty(name = "ponybunny.…")} and {@code getValue("ponybunny.…", …)}. */
  private static final Pattern KEY =
      Pattern.compile("(?:name = |get(?:Optional)?Value\\()\"(ponybunny\\.[a-z0-9.-]+)\"");

  @Test
  void everyKeyTheServerReadsIsDocumented() throws IOException {
    String readme = Files.readString(Path.of("README.md"));
    TreeSet<String> missing = new TreeSet<>();
    try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        Matcher m = KEY.matcher(Files.readString(f));
        while (m.find()) {
          String key = m.group(1);
          if (!readme.contains("`" + key + (key.endsWith(".") ? "" : "`"))) {
            missing.add(key);
          }
        }
      }
    }
    assertEquals(List.of(), List.copyOf(missing), "keys the README does not document");
  }
}
