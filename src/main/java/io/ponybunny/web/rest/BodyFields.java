package io.ponybunny.web.rest;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.math.BigDecimal;
import java.util.List;

/**
 * Reads the optional scalar fields of a JSON request body the one way every API of PonyBunny reads
 * them ({@code /api/completions}, {@code /v1/chat/completions}, {@code /v1/messages}): absent or
 * null is "not given"; anything else of the wrong type or out of range is a 400 naming the field.
 */
public final class BodyFields {

  private BodyFields() {}

  /** A 400 naming {@code field}. */
  public static InvalidFieldsException invalid(String field, String message) {
    return new InvalidFieldsException(400, List.of(new FieldError(field, message)));
  }

  /** {@code name} as a boolean, false when absent. */
  public static boolean optionalBoolean(JsonObject body, String name) {
    return optionalBoolean(body, name, name);
  }

  /** {@code name} as a boolean, false when absent; an error names it {@code field}. */
  public static boolean optionalBoolean(JsonObject body, String name, String field) {
    JsonValue v = body.get(name);
    if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
      return false;
    }
    if (v.getValueType() == JsonValue.ValueType.TRUE) {
      return true;
    }
    if (v.getValueType() == JsonValue.ValueType.FALSE) {
      return false;
    }
    throw invalid(field, "must be true or false");
  }

  /** {@code name} as an integer from {@code min} to {@code max}, null when absent. */
  public static Integer optionalInt(JsonObject body, String name, int min, int max) {
    JsonValue v = body.get(name);
    if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
      return null;
    }
    if (!(v instanceof JsonNumber n)
        || !n.isIntegral()
        || n.bigDecimalValue().compareTo(BigDecimal.valueOf(min)) < 0
        || n.bigDecimalValue().compareTo(BigDecimal.valueOf(max)) > 0) {
      throw invalid(
          name,
          max == Integer.MAX_VALUE
              ? "must be an integer of at least " + min
              : "must be an integer from " + min + " to " + max);
    }
    return n.intValue();
  }

  /** {@code name} as a number from {@code min} to {@code max} (whole bounds), null when absent. */
  public static Double optionalNumber(JsonObject body, String name, int min, int max) {
    JsonValue v = body.get(name);
    if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
      return null;
    }
    if (!(v instanceof JsonNumber n) || !(n.doubleValue() >= min) || n.doubleValue() > max) {
      throw invalid(name, "must be a number from " + min + " to " + max);
    }
    return n.doubleValue();
  }
}
