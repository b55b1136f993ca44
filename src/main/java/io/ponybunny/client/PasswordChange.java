package io.ponybunny.client;

/**
 * {@code POST /api/auth/password}: the caller's new password; {@code currentPassword} is needed
 * unless the account has none yet (first start).
 */
public record PasswordChange(String currentPassword, String newPassword) {}
