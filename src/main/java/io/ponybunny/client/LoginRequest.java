package io.ponybunny.client;

/** {@code POST /api/auth/login}: a local account's name and password. */
public record LoginRequest(String username, String password) {}
