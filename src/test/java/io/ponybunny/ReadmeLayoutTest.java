package io.ponybunny;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The README's Layout section matches the tree: every package is named, and every class, file and
 * package it names exists. A move or a rename that forgets the map fails here.
 */
class ReadmeLayoutTest {

  private static final Path ROOT = Path.of("src/main/java/io/ponybunny");
  private static final Pattern CODE = Pattern.compile("`([^`]+)`");
  private static final Pattern CLASS_NAME = Pattern.compile("[A-Z][A-Za-z0-9]+");
  private static final Pattern WEB_FILE = Pattern.compile("[a-z-]+\\.tsx?");

  private static String layout;

  @BeforeAll
  static void readSection() throws IOException {
    String readme = Files.readString(Path.of("README.md"));
    int start = readme.indexOf("\n## Layout\n");
    assertTrue(start >= 0, "README has a Layout section");
    int end = readme.indexOf("\n## ", start + 1);
    layout = end < 0 ? readme.substring(start) : readme.substring(start, end);
  }

  @Test
  void everyPackageIsNamed() throws IOException {
    List<String> missing = new ArrayList<>();
    for (String pkg : packages()) {
      if (!named(pkg)) {
        missing.add(pkg);
      }
    }
    assertEquals(List.of(), missing, "packages the Layout section does not name");
  }

  @Test
  void everyNamedClassAndFileExists() throws IOException {
    List<String> names = new ArrayList<>();
    try (Stream<Path> files = Stream.concat(Files.walk(Path.of("src")), webFiles())) {
      files.forEach(f -> names.add(f.getFileName().toString()));
    }
    List<String> missing = new ArrayList<>();
    Matcher m = CODE.matcher(layout);
    while (m.find()) {
      String code = m.group(1);
      if (CLASS_NAME.matcher(code).matches() && !names.contains(code + ".java")) {
        missing.add(code);
      }
      String file = code.substring(code.lastIndexOf('/') + 1);
      if (WEB_FILE.matcher(file).matches() && !names.contains(file)) {
        missing.add(code);
      }
    }
    assertEquals(List.of(), missing, "names in the Layout section that are not in the tree");
  }

  @Test
  void everyNamedPackagePathExists() {
    List<String> missing = new ArrayList<>();
    Matcher m = CODE.matcher(layout);
    while (m.find()) {
      String code = m.group(1);
      if (code.matches("[a-z]+(/[a-z]+)+") && !code.startsWith("src/") && !isPackage(code)) {
        missing.add(code);
      }
    }
    assertEquals(List.of(), missing, "package paths in the Layout section that do not exist");
  }

  /** Named as {@code `a/b`}, or as {@code `b`} in the table row that names its parent {@code a}. */
  private static boolean named(String pkg) {
    if (layout.contains("`" + pkg + "`")) {
      return true;
    }
    int slash = pkg.lastIndexOf('/');
    if (slash < 0) {
      return false;
    }
    String parent = pkg.substring(0, slash);
    String leaf = pkg.substring(slash + 1);
    for (String line : layout.split("\n")) {
      if (line.startsWith("| ") && line.contains("`" + parent) && line.contains("`" + leaf + "`")) {
        return true;
      }
    }
    return false;
  }

  private static boolean isPackage(String path) {
    return Files.isDirectory(ROOT.resolve(path))
        || Files.isDirectory(Path.of("webui/src").resolve(path));
  }

  private static List<String> packages() throws IOException {
    try (Stream<Path> dirs = Files.walk(ROOT)) {
      return dirs.filter(Files::isDirectory)
          .filter(ReadmeLayoutTest::holdsClasses)
          .map(d -> ROOT.relativize(d).toString().replace('\\', '/'))
          .filter(p -> !p.isEmpty())
          .sorted()
          .toList();
    }
  }

  private static boolean holdsClasses(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.anyMatch(
          f -> f.toString().endsWith(".java") && !f.endsWith("package-info.java"));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Stream<Path> webFiles() throws IOException {
    Path web = Path.of("webui/src");
    return Files.isDirectory(web) ? Files.walk(web) : Stream.empty();
  }
}
