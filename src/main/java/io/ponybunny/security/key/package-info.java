/**
 * API keys (virtual keys): created by operators for themselves or by admins for anyone, shown once,
 * stored as a SHA-256 hash, revocable at once.
 */
package io.ponybunny.security.key;
