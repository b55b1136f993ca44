package io.ponybunny.web.sse;

/**
 * One server-sent event: {@code id:} (null: none), {@code event:} and one {@code data:} line (JSON,
 * which never holds a raw line break).
 */
public record SseMessage(String id, String name, String data) {}
