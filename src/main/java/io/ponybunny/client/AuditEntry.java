package io.ponybunny.client;

/** One audit log entry: {@code at} is ISO-8601, {@code outcome} {@code ok} or {@code denied}. */
public record AuditEntry(
    String id,
    String at,
    String principal,
    String action,
    String target,
    String address,
    String outcome) {}
