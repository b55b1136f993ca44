package io.ponybunny.web.rest;

import java.time.Instant;

/** ISO-8601 for the API's times. */
final class Times {

  private Times() {}

  static String iso(Long epochMillis) {
    return epochMillis == null ? null : Instant.ofEpochMilli(epochMillis).toString();
  }
}
