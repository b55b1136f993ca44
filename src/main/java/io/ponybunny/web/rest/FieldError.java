package io.ponybunny.web.rest;

/**
 * One invalid field of a request, as listed in a problem's {@code errors}.
 *
 * @param field the field path, e.g. {@code title}, {@code budget.maxSteps} or {@code size}
 * @param message what is wrong with it
 */
public record FieldError(String field, String message) {}
