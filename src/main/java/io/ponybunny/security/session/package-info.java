/**
 * Console sessions: a random cookie value whose hash is stored with the principal, its role, an
 * anti-CSRF token and an expiry; revocable, and kept across restarts.
 */
package io.ponybunny.security.session;
