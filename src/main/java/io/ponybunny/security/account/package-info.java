/**
 * Local accounts for installations without an identity provider: users with a role and a PBKDF2
 * password hash, sign-in with throttling of failures, and the first-start bootstrap of the admin
 * (safe when several instances start together; its one-time links work on any instance).
 */
package io.ponybunny.security.account;
