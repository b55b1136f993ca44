package io.ponybunny.client;

/**
 * Who the caller is ({@code GET /api/auth/me}, and the answer to a sign-in): {@code via} is {@code
 * session}, {@code key} or {@code jwt}; {@code csrfToken} (sessions only) goes in the {@code
 * X-CSRF-Token} header of every state-changing request made with the session cookie.
 */
public record Me(String name, String role, String via, String csrfToken) {}
