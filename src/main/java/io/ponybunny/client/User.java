package io.ponybunny.client;

/** A local account as admins see it. */
public record User(String username, String role, String createdAt, boolean hasPassword) {}
