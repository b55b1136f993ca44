package io.ponybunny.client;

import java.util.List;

/** {@code GET /api/users}: every local account. */
public record UserPage(List<User> items) {}
