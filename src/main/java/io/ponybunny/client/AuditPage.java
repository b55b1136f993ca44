package io.ponybunny.client;

import java.util.List;

/** A page of the audit log, newest first. */
public record AuditPage(List<AuditEntry> items, int page, int size, long total) {}
