package io.ponybunny.security;

import io.ponybunny.ingress.IngressHeaders;
import io.ponybunny.security.jwt.JwtClaims;
import io.ponybunny.security.jwt.JwtVerifier;
import io.ponybunny.security.key.ApiKeys;
import io.ponybunny.security.session.Sessions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.Optional;

/**
 * Turns what a request presents into an {@link Identity}: {@code Authorization: Bearer} with an API
 * key ({@code pb_…}) or a MicroProfile JWT (under {@code /v1} also Anthropic's {@code x-api-key}),
 * else the console's session cookie. A presented but invalid credential is a rejection, never a
 * fall-back to another one.
 */
@ApplicationScoped
public class Authenticator {

  /** The outcome of looking at a request's credentials. */
  public sealed interface Result {
    /** A valid credential. */
    record Authenticated(Identity identity) implements Result {}

    /** A credential was presented and is not valid; {@code reason} is safe to show. */
    record Rejected(String reason) implements Result {}

    /** No credential at all. */
    record Anonymous() implements Result {}
  }

  @Inject Sessions sessions;
  @Inject ApiKeys keys;
  @Inject JwtTokens tokens;

  /** The identity behind the request's credentials. */
  public Result authenticate(HttpServletRequest request) {
    String authorization = request.getHeader("Authorization");
    if (authorization == null && ingress(request)) {
      String apiKey = request.getHeader(IngressHeaders.API_KEY);
      if (apiKey != null) {
        return bearer(apiKey.strip());
      }
    }
    if (authorization != null) {
      if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
        return new Result.Rejected("Only Bearer credentials are accepted.");
      }
      return bearer(authorization.substring(7).strip());
    }
    String session = cookie(request, Sessions.COOKIE);
    if (session != null) {
      Optional<Identity> id = sessions.resolve(session);
      return id.<Result>map(Result.Authenticated::new)
          .orElseGet(() -> new Result.Rejected("The session has ended; sign in again."));
    }
    return new Result.Anonymous();
  }

  /**
   * A request to the OpenAI/Anthropic-compatible API ({@code /v1/*}), where Anthropic's {@code
   * x-api-key} header counts as {@code Authorization: Bearer}.
   */
  public static boolean ingress(HttpServletRequest request) {
    String uri = request.getRequestURI();
    return uri != null && uri.startsWith(request.getContextPath() + "/v1/");
  }

  /** An API key or a JWT. */
  public Result bearer(String token) {
    if (token.isEmpty()) {
      return new Result.Rejected("The bearer token is empty.");
    }
    if (ApiKeys.looksLikeKey(token)) {
      return keys.resolve(token)
          .<Result>map(Result.Authenticated::new)
          .orElseGet(() -> new Result.Rejected("The API key is unknown, revoked or expired."));
    }
    Optional<JwtVerifier> verifier = tokens.verifier();
    if (verifier.isEmpty()) {
      return new Result.Rejected("The bearer token is not an API key, and no JWT issuer is set.");
    }
    try {
      JwtClaims claims = verifier.get().verify(token);
      Role role = Role.highest(claims.groups());
      if (role == null) {
        return new Result.Rejected("The token's groups name no PonyBunny role.");
      }
      return new Result.Authenticated(
          new Identity(
              claims.name(),
              role,
              Identity.Via.JWT,
              claims.tokenId() == null ? "jwt" : claims.tokenId(),
              claims.expiresAt(),
              null));
    } catch (io.ponybunny.security.jwt.InvalidTokenException e) {
      return new Result.Rejected("The token is not valid: " + e.getMessage());
    }
  }

  /** Whether an identity accepted earlier still holds (an open socket's credential). */
  public boolean stillValid(Identity identity) {
    if (identity.expired(Instant.now())) {
      return false;
    }
    return switch (identity.via()) {
      case SESSION -> sessions.stillValid(identity);
      case KEY -> keys.stillValid(identity);
      case JWT -> true;
    };
  }

  static String cookie(HttpServletRequest request, String name) {
    Cookie[] cookies = request.getCookies();
    if (cookies == null) {
      return null;
    }
    for (Cookie c : cookies) {
      if (name.equals(c.getName())) {
        String v = c.getValue();
        // Clients that take Max-Age for an RFC 2965 cookie send the value quoted (Java's).
        return v != null && v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")
            ? v.substring(1, v.length() - 1)
            : v;
      }
    }
    return null;
  }
}
