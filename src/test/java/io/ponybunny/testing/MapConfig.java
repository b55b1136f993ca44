package io.ponybunny.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigValue;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.eclipse.microprofile.config.spi.Converter;

/**
 * A small in-memory MicroProfile {@link Config} for unit tests: string, boolean and number
 * values, {@code ${key:default}} expressions, and empty values treated as missing, as MicroProfile
 * Config does.
 */
public final class MapConfig implements Config {

  private static final Pattern EXPR = Pattern.compile("\\$\\{([^}:]+)(?::([^}]*))?}");

  private final Map<String, String> values;

  public MapConfig(Map<String, String> values) {
    this.values = new LinkedHashMap<>(values);
  }

  /** The application's shipped defaults plus {@code overrides}. */
  public static MapConfig shippedDefaultsWith(Map<String, String> overrides) {
    Properties p = new Properties();
    try (InputStream in =
        MapConfig.class.getResourceAsStream("/META-INF/microprofile-config.properties")) {
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, String> all = new LinkedHashMap<>();
    p.stringPropertyNames().forEach(k -> all.put(k, p.getProperty(k)));
    all.putAll(overrides);
    return new MapConfig(all);
  }

  private String raw(String name) {
    String v = values.get(name);
    if (v == null) {
      return null;
    }
    Matcher m = EXPR.matcher(v);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String inner = raw(m.group(1));
      m.appendReplacement(
          sb, Matcher.quoteReplacement(inner != null ? inner : m.group(2) == null ? "" : m.group(2)));
    }
    m.appendTail(sb);
    String out = sb.toString();
    return out.isEmpty() ? null : out;
  }

  @Override
  public <T> T getValue(String name, Class<T> type) {
    return getOptionalValue(name, type).orElseThrow(() -> new NoSuchElementException(name));
  }

  @Override
  public <T> Optional<T> getOptionalValue(String name, Class<T> type) {
    String v = raw(name);
    if (v == null) {
      return Optional.empty();
    }
    Object o;
    if (type == String.class) {
      o = v;
    } else if (type == Boolean.class || type == boolean.class) {
      o = Boolean.parseBoolean(v.trim());
    } else if (type == Integer.class || type == int.class) {
      o = Integer.parseInt(v.trim());
    } else if (type == Long.class || type == long.class) {
      o = Long.parseLong(v.trim());
    } else if (type == Double.class || type == double.class) {
      o = Double.parseDouble(v.trim());
    } else {
      throw new IllegalArgumentException("unsupported type " + type);
    }
    @SuppressWarnings("unchecked")
    T t = (T) o;
    return Optional.of(t);
  }

  @Override
  public ConfigValue getConfigValue(String name) {
    throw new UnsupportedOperationException();
  }

  @Override
  public Iterable<String> getPropertyNames() {
    return List.copyOf(values.keySet());
  }

  @Override
  public Iterable<ConfigSource> getConfigSources() {
    return List.of();
  }

  @Override
  public <T> Optional<Converter<T>> getConverter(Class<T> forType) {
    return Optional.empty();
  }

  @Override
  public <T> T unwrap(Class<T> type) {
    throw new IllegalArgumentException();
  }
}
