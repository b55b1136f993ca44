package io.ponybunny.persistence;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import org.flywaydb.core.api.ResourceProvider;
import org.flywaydb.core.api.resource.LoadableResource;

/**
 * The migration scripts Flyway sees: an explicit list of class path resources, read once, instead
 * of Flyway's class path scanning (which cannot list a directory inside a WAR under every class
 * loader, Liberty's included). Flyway asks by file name prefix and suffix ({@code V} and {@code
 * .sql} for versioned migrations, {@code beforeMigrate} and the like for callbacks, of which there
 * are none).
 */
final class MigrationScripts implements ResourceProvider {

  private final List<Script> scripts;

  private MigrationScripts(List<Script> scripts) {
    this.scripts = scripts;
  }

  /** Reads every resource in {@code paths} (e.g. {@code db/migration/V1__x.sql}) now. */
  static MigrationScripts load(List<String> paths, ClassLoader loader) {
    return new MigrationScripts(paths.stream().map(p -> Script.read(p, loader)).toList());
  }

  /** The text of the script of {@code version}, or null when no listed script has it. */
  String text(int version) {
    return scripts.stream()
        .filter(s -> s.version() == version)
        .map(s -> s.text)
        .findFirst()
        .orElse(null);
  }

  @Override
  public LoadableResource getResource(String name) {
    return scripts.stream()
        .filter(s -> s.path.equals(name) || s.filename.equals(name))
        .findFirst()
        .orElse(null);
  }

  @Override
  public Collection<LoadableResource> getResources(String prefix, String[] suffixes) {
    return scripts.stream()
        .filter(s -> s.filename.startsWith(prefix))
        .filter(s -> Arrays.stream(suffixes).anyMatch(s.filename::endsWith))
        .<LoadableResource>map(s -> s)
        .toList();
  }

  /** The version of a script named {@code V<n>__<name>.sql}. */
  static int version(String filename) {
    if (!filename.matches("V\\d+__[A-Za-z0-9_]+\\.sql")) {
      throw new IllegalArgumentException("bad migration name " + filename);
    }
    return Integer.parseInt(filename.substring(1, filename.indexOf("__")));
  }

  /** One script: its class path resource, its file name (Flyway's "script") and its text. */
  private static final class Script extends LoadableResource {
    private final String path;
    private final String filename;
    private final String text;

    private Script(String path, String text) {
      this.path = path;
      this.filename = path.substring(path.lastIndexOf('/') + 1);
      this.text = text;
    }

    static Script read(String path, ClassLoader loader) {
      try (InputStream in = loader.getResourceAsStream(path)) {
        if (in == null) {
          throw new IllegalStateException("missing migration " + path);
        }
        return new Script(path, new String(in.readAllBytes(), StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    int version() {
      return MigrationScripts.version(filename);
    }

    @Override
    public Reader read() {
      return new StringReader(text);
    }

    @Override
    public String getAbsolutePath() {
      return path;
    }

    @Override
    public String getAbsolutePathOnDisk() {
      return path;
    }

    @Override
    public String getFilename() {
      return filename;
    }

    @Override
    public String getRelativePath() {
      return filename;
    }
  }
}
