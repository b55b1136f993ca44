package io.ponybunny.agent.tools;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks tool arguments against the subset of JSON schema the tools use: {@code type} (object,
 * string, number, integer, boolean, array), {@code required}, {@code properties}, {@code enum},
 * {@code maxLength} and {@code additionalProperties: false}. Also checks that a tool's own schema
 * is well formed.
 */
public final class ToolSchemaValidator {

  private static final List<String> TYPES =
      List.of("object", "string", "number", "integer", "boolean", "array");

  private ToolSchemaValidator() {}

  /** The problems of {@code arguments} under {@code schema}; empty when valid. */
  public static List<String> validate(JsonObject schema, JsonValue arguments) {
    List<String> problems = new ArrayList<>();
    check(schema, arguments, "arguments", problems);
    return problems;
  }

  /** The problems of a tool's schema itself: it must be an object schema with known types. */
  public static List<String> checkSchema(JsonObject schema) {
    List<String> problems = new ArrayList<>();
    if (!"object".equals(schema.getString("type", null))) {
      problems.add("the schema's type must be 'object'");
    }
    JsonValue props = schema.get("properties");
    if (props != null && !(props instanceof JsonObject)) {
      problems.add("'properties' must be an object");
    } else if (props != null) {
      for (var e : props.asJsonObject().entrySet()) {
        if (!(e.getValue() instanceof JsonObject p) || !TYPES.contains(p.getString("type", ""))) {
          problems.add("property '" + e.getKey() + "' needs a type among " + TYPES);
        }
      }
    }
    if (schema.get("required") instanceof JsonArray req) {
      for (JsonValue r : req) {
        if (!(r instanceof JsonString s)
            || props == null
            || !props.asJsonObject().containsKey(s.getString())) {
          problems.add("required property " + r + " is not declared in 'properties'");
        }
      }
    } else if (schema.containsKey("required")) {
      problems.add("'required' must be an array");
    }
    return problems;
  }

  private static void check(JsonObject schema, JsonValue value, String path, List<String> out) {
    String type = schema.getString("type", null);
    if (type != null && !hasType(value, type)) {
      out.add(path + " must be " + article(type) + " " + type);
      return;
    }
    if (schema.get("enum") instanceof JsonArray allowed && !allowed.contains(value)) {
      out.add(path + " must be one of " + allowed);
    }
    if (value instanceof JsonString s && schema.get("maxLength") instanceof JsonNumber max) {
      if (s.getString().length() > max.intValue()) {
        out.add(path + " must be at most " + max.intValue() + " characters");
      }
    }
    if (value instanceof JsonObject obj) {
      JsonObject props =
          schema.get("properties") instanceof JsonObject p ? p : JsonValue.EMPTY_JSON_OBJECT;
      if (schema.get("required") instanceof JsonArray req) {
        for (JsonValue r : req) {
          if (r instanceof JsonString name && !obj.containsKey(name.getString())) {
            out.add(path + "." + name.getString() + " is required");
          }
        }
      }
      for (var e : obj.entrySet()) {
        if (props.get(e.getKey()) instanceof JsonObject ps) {
          check(ps, e.getValue(), path + "." + e.getKey(), out);
        } else if (schema.get("additionalProperties") == JsonValue.FALSE) {
          out.add(path + "." + e.getKey() + " is not a known argument");
        }
      }
    }
  }

  private static boolean hasType(JsonValue v, String type) {
    return switch (type) {
      case "object" -> v.getValueType() == JsonValue.ValueType.OBJECT;
      case "array" -> v.getValueType() == JsonValue.ValueType.ARRAY;
      case "string" -> v.getValueType() == JsonValue.ValueType.STRING;
      case "number" -> v.getValueType() == JsonValue.ValueType.NUMBER;
      case "integer" -> v instanceof JsonNumber n && n.isIntegral();
      case "boolean" ->
          v.getValueType() == JsonValue.ValueType.TRUE
              || v.getValueType() == JsonValue.ValueType.FALSE;
      default -> true;
    };
  }

  private static String article(String type) {
    return type.startsWith("o") || type.startsWith("i") || type.startsWith("a") ? "an" : "a";
  }
}
