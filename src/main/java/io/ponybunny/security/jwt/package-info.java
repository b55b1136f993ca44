/**
 * Verification of MicroProfile JWT bearer tokens with only the JDK and JSON-P: {@link
 * io.ponybunny.security.jwt.JwtSettings} reads the standard {@code mp.jwt.verify.*} settings,
 * {@link io.ponybunny.security.jwt.PublicKeys} parses PEM, X.509, JWK and JWKS public keys, and
 * {@link io.ponybunny.security.jwt.JwtVerifier} checks a compact signed token (RS, PS and ES
 * algorithms; never {@code none} or shared-secret HMAC) and its time, issuer and audience claims,
 * returning the caller's name and groups as {@link io.ponybunny.security.jwt.JwtClaims} or refusing
 * the token with an {@link io.ponybunny.security.jwt.InvalidTokenException} whose message is safe
 * to log.
 */
package io.ponybunny.security.jwt;
