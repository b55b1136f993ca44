package io.ponybunny.web.rest;

import java.util.ArrayList;
import java.util.List;

/**
 * Validated {@code page} and {@code size} query parameters: page 0..1000000, size 1..200. A bad
 * value answers 400 with field errors.
 */
record Paging(int page, int size) {

  static final int MAX_SIZE = 200;
  static final int MAX_PAGE = 1_000_000;

  static Paging of(String page, String size, int defaultSize) {
    List<FieldError> errors = new ArrayList<>();
    int p = parse(page, 0, 0, MAX_PAGE, "page", errors);
    int s = parse(size, defaultSize, 1, MAX_SIZE, "size", errors);
    if (!errors.isEmpty()) {
      throw new InvalidFieldsException(400, errors);
    }
    return new Paging(p, s);
  }

  /** One integer query parameter from {@code min} to {@code max}; 400 naming it otherwise. */
  static int parse(String value, int dflt, int min, int max, String name) {
    List<FieldError> errors = new ArrayList<>();
    int v = parse(value, dflt, min, max, name, errors);
    if (!errors.isEmpty()) {
      throw new InvalidFieldsException(400, errors);
    }
    return v;
  }

  private static int parse(
      String value, int dflt, int min, int max, String name, List<FieldError> errors) {
    if (value == null || value.isBlank()) {
      return dflt;
    }
    try {
      int v = Integer.parseInt(value.strip());
      if (v >= min && v <= max) {
        return v;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    errors.add(new FieldError(name, "must be an integer from " + min + " to " + max));
    return dflt;
  }
}
