package io.ponybunny.client;

import java.util.List;

/** {@code GET /api/keys}: the caller's keys (an admin's: everyone's), newest first. */
public record ApiKeyPage(List<ApiKey> items) {}
