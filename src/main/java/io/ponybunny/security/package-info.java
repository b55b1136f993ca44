/**
 * Identity and access: who a request or a socket acts for ({@link io.ponybunny.security.Identity}),
 * the roles, and the one authentication mechanism that turns a session cookie, an API key or a
 * MicroProfile JWT into an identity (ADR 0011). Accounts, keys, sessions, the audit log and token
 * verification live in the subpackages.
 */
package io.ponybunny.security;
