package io.ponybunny.llm.provider;

import io.ponybunny.llm.json.JsonSupport;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The members of one JSON object of a request body, in the order they are added (the order they go
 * on the wire). Optional members are skipped when absent, so an adapter states its wire format
 * member by member. Build it once: {@link #build()} hands the members over.
 */
public final class JsonFields {

  private final JsonObjectBuilder builder = JsonSupport.objectBuilder();
  private boolean empty = true;

  private JsonFields() {}

  /** An object with no members yet. */
  public static JsonFields object() {
    return new JsonFields();
  }

  public JsonFields add(String name, String value) {
    builder.add(name, value);
    return added();
  }

  public JsonFields add(String name, int value) {
    builder.add(name, value);
    return added();
  }

  public JsonFields add(String name, boolean value) {
    builder.add(name, value);
    return added();
  }

  public JsonFields add(String name, JsonValue value) {
    builder.add(name, value);
    return added();
  }

  public JsonFields add(String name, JsonArrayBuilder value) {
    builder.add(name, value);
    return added();
  }

  public JsonFields add(String name, JsonFields value) {
    builder.add(name, value.build());
    return added();
  }

  /** The members of {@code other}, in its order, after those added so far. */
  public JsonFields addAll(JsonFields other) {
    for (Map.Entry<String, JsonValue> member : other.build().entrySet()) {
      add(member.getKey(), member.getValue());
    }
    return this;
  }

  /** Adds {@code name}: {@code value}, or JSON {@code null} when it is null. */
  public JsonFields addOrNull(String name, String value) {
    return value == null ? add(name, JsonValue.NULL) : add(name, value);
  }

  /** Adds {@code name} unless {@code value} is null. */
  public JsonFields addIfPresent(String name, String value) {
    return value == null ? this : add(name, value);
  }

  /** Adds {@code name} unless {@code value} is null. */
  public JsonFields addIfPresent(String name, Integer value) {
    return value == null ? this : add(name, value.intValue());
  }

  /** Adds {@code name} unless {@code value} is null. */
  public JsonFields addIfPresent(String name, Double value) {
    if (value == null) {
      return this;
    }
    builder.add(name, value.doubleValue());
    return added();
  }

  /** Adds {@code name} unless {@code value} is null. */
  public JsonFields addIfPresent(String name, JsonValue value) {
    return value == null ? this : add(name, value);
  }

  /** Adds {@code name} unless {@code value} has no members. */
  public JsonFields addIfNotEmpty(String name, JsonFields value) {
    return value.empty ? this : add(name, value);
  }

  /** Adds {@code name}, the {@link #array} of {@code items}, unless there is none. */
  public <T> JsonFields addIfAny(String name, List<T> items, Function<T, JsonFields> mapping) {
    return items.isEmpty() ? this : add(name, array(items, mapping));
  }

  /** The array of {@code items}, each mapped to an object. */
  public static <T> JsonArrayBuilder array(List<T> items, Function<T, JsonFields> mapping) {
    JsonArrayBuilder array = JsonSupport.arrayBuilder();
    for (T item : items) {
      array.add(mapping.apply(item).build());
    }
    return array;
  }

  /** Whether no member was added. */
  public boolean isEmpty() {
    return empty;
  }

  /** The object. */
  public JsonObject build() {
    return builder.build();
  }

  /** The object as compact JSON text. */
  public String toJson() {
    return JsonSupport.toJson(build());
  }

  private JsonFields added() {
    empty = false;
    return this;
  }
}
