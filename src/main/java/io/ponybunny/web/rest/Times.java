package io.ponybunny.web.rest;

import java.time.Instant;

/** ISO-8601 for the API's times. */
final class Times {

  private Times() {}

  static String iso(Long epochMillis) {
    return epochMillis == null ? null : Instant.ofEpochMilli(epochMillis).toString();
  }

  /**
   * The epoch milliseconds of the ISO-8601 instant {@code value} (e.g. {@code
   * 2026-12-06T10:00:00Z}); null when blank; 400 naming {@code field} when it is no instant.
   */
  static Long instantOrNull(String field, String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Instant.parse(value.strip()).toEpochMilli();
    } catch (java.time.format.DateTimeParseException e) {
      throw new InvalidFieldsException(
          400,
          java.util.List.of(
              new FieldError(field, "must be an ISO-8601 instant, e.g. 2026-12-06T10:00:00Z")));
    }
  }
}
