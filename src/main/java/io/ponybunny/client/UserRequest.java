package io.ponybunny.client;

/**
 * {@code POST /api/users} (all three) and {@code PUT /api/users/{username}} (a new role and/or a
 * new password).
 */
public record UserRequest(String username, String password, String role) {}
