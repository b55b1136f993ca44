package io.ponybunny.security;

import io.ponybunny.ingress.ClientApi;
import io.ponybunny.ingress.IngressHeaders;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The application's one Jakarta Security authentication mechanism. Every request's credentials go
 * through the {@link Authenticator}; a valid one logs the caller in with its role's groups. The
 * protected paths ({@code /api/*} except sign-in, {@code /v1/*}; {@code web.xml}) answer 401
 * problem JSON without one ({@code /v1}: the error shape of the API the request speaks) (WebSocket
 * handshakes: {@code HandshakeAuthFilter}); a cookie-authenticated state-changing request must
 * carry the session's {@code X-CSRF-Token} (else 403).
 */
@ApplicationScoped
public class AuthMechanism implements HttpAuthenticationMechanism {

  /** The header carrying the session's anti-CSRF token. */
  public static final String CSRF_HEADER = "X-CSRF-Token";

  private static final ThreadLocal<Identity> CURRENT = new ThreadLocal<>();

  @Inject Authenticator authenticator;

  @Override
  public AuthenticationStatus validateRequest(
      HttpServletRequest request, HttpServletResponse response, HttpMessageContext context) {
    CURRENT.remove();
    Authenticator.Result result = authenticator.authenticate(request);
    if (result instanceof Authenticator.Result.Authenticated a) {
      Identity identity = a.identity();
      if (identity.via() == Identity.Via.SESSION
          && unsafe(request.getMethod())
          && !Secrets.constantTimeEquals(identity.csrfToken(), request.getHeader(CSRF_HEADER))) {
        return problem(
            response,
            403,
            "Forbidden",
            "A state-changing request with the session cookie needs the "
                + CSRF_HEADER
                + " header.");
      }
      request.setAttribute(Identity.ATTRIBUTE, identity);
      CURRENT.set(identity);
      // A socket's identity goes to its endpoint through the handshake's thread, not through a
      // container login: Liberty ties a socket opened by an authenticated caller to an HTTP
      // session it creates, and closes the socket with 1008 when that session times out (30 min).
      return socket(request)
          ? context.doNothing()
          : context.notifyContainerAboutLogin(identity, identity.role().groups());
    }
    if (!context.isProtected()) {
      return context.doNothing(); // a socket without identity: HandshakeAuthFilter answers 401
    }
    String detail =
        result instanceof Authenticator.Result.Rejected r
            ? r.reason()
            : "Sign in, or send an API key or a token in Authorization: Bearer.";
    response.setHeader("WWW-Authenticate", "Bearer realm=\"ponybunny\"");
    if (Authenticator.ingress(request)) {
      ClientApi api =
          ClientApi.of(
              request.getRequestURI(), request.getHeader(IngressHeaders.ANTHROPIC_VERSION));
      return send(response, 401, "application/json", api.errorBody(401, detail));
    }
    return problem(response, 401, "Unauthorized", detail);
  }

  @Override
  public void cleanSubject(
      HttpServletRequest request,
      HttpServletResponse response,
      HttpMessageContext httpMessageContext) {
    CURRENT.remove();
  }

  /**
   * The identity authenticated on this thread's current request (a WebSocket handshake's
   * configurator runs on it), or null.
   */
  public static Identity current() {
    return CURRENT.get();
  }

  /** Forgets this thread's identity (at the end of a request). */
  public static void clearCurrent() {
    CURRENT.remove();
  }

  /** A WebSocket handshake ({@code /ws/*}). */
  static boolean socket(HttpServletRequest request) {
    String uri = request.getRequestURI();
    return uri != null && uri.startsWith(request.getContextPath() + "/ws/");
  }

  static boolean unsafe(String method) {
    return !("GET".equals(method) || "HEAD".equals(method) || "OPTIONS".equals(method));
  }

  private static AuthenticationStatus problem(
      HttpServletResponse response, int status, String title, String detail) {
    return send(
        response,
        status,
        "application/problem+json",
        jakarta.json.Json.createObjectBuilder()
            .add("type", "about:blank")
            .add("title", title)
            .add("status", status)
            .add("detail", detail)
            .build()
            .toString());
  }

  private static AuthenticationStatus send(
      HttpServletResponse response, int status, String contentType, String text) {
    try {
      response.setStatus(status);
      response.setContentType(contentType);
      response.setCharacterEncoding("UTF-8");
      byte[] body = text.getBytes(StandardCharsets.UTF_8);
      response.setContentLength(body.length);
      response.getOutputStream().write(body);
      response.flushBuffer();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return AuthenticationStatus.SEND_FAILURE;
  }
}
