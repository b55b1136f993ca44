package io.ponybunny.web.rest;

import io.ponybunny.client.LoginRequest;
import io.ponybunny.client.Me;
import io.ponybunny.client.PasswordChange;
import io.ponybunny.llm.json.JsonSupport;
import io.ponybunny.security.CurrentIdentity;
import io.ponybunny.security.Identity;
import io.ponybunny.security.Role;
import io.ponybunny.security.account.AccountEntity;
import io.ponybunny.security.account.Accounts;
import io.ponybunny.security.account.AdminBootstrap;
import io.ponybunny.security.audit.AuditLog;
import io.ponybunny.security.oidc.OidcClient;
import io.ponybunny.security.session.Sessions;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * {@code /api/auth}: sign-in with a local account or single sign-on (OpenID Connect), the
 * first-start link, who am I, sign-out and password change. Sign-in opens a session: an {@code
 * HttpOnly}, {@code SameSite=Lax} cookie ({@code Secure} over TLS) and a CSRF token for the {@code
 * X-CSRF-Token} header.
 */
@Path("/auth")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class AuthResource {

  private static final String INVALID = "Invalid username or password.";
  private static final String OIDC_COOKIE = "pb_oidc";
  private static final Logger LOG = Logger.getLogger(AuthResource.class.getName());

  @Inject Accounts accounts;
  @Inject Sessions sessions;
  @Inject AdminBootstrap bootstrap;
  @Inject AuditLog audit;
  @Inject CurrentIdentity current;
  @Inject OidcClient oidc;

  @Context HttpServletRequest request;
  @Context UriInfo uriInfo;

  @GET
  @Path("/config")
  @Operation(summary = "How to sign in (open)")
  public String config() {
    return JsonSupport.objectBuilder()
        .add("localLogin", true)
        .add(
            "oidc",
            JsonSupport.objectBuilder()
                .add("enabled", oidc.enabled())
                .add("loginUrl", "/api/auth/oidc/login"))
        .build()
        .toString();
  }

  @POST
  @Path("/login")
  @BodyLimit
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Sign in with a local account (open)")
  @APIResponse(responseCode = "200", description = "Signed in; the session cookie is set")
  @APIResponse(responseCode = "401", description = "Invalid username or password")
  @APIResponse(responseCode = "429", description = "Too many failures; Retry-After says when")
  public Response login(LoginRequest body) {
    if (body == null || body.username() == null || body.password() == null) {
      throw new InvalidFieldsException(
          422, List.of(new FieldError("username", "username and password are required")));
    }
    String address = request.getRemoteAddr();
    Accounts.LoginResult result = accounts.login(body.username(), body.password(), address);
    if (result instanceof Accounts.LoginResult.Success s) {
      return signIn(s.account(), "password");
    }
    if (result instanceof Accounts.LoginResult.Throttled t) {
      return Response.fromResponse(
              Problem.response(
                  429,
                  "Too Many Requests",
                  "Too many failed sign-ins; try again in " + t.retryAfterSeconds() + " s.",
                  Map.of()))
          .header("Retry-After", t.retryAfterSeconds())
          .build();
    }
    throw new ApiException(401, INVALID);
  }

  @GET
  @Path("/first-start")
  @Operation(summary = "The one-time sign-in link printed at the first start (open)")
  public Response firstStart(@QueryParam("token") String token) {
    String address = request.getRemoteAddr();
    if (!bootstrap.consume(token)) {
      audit.record(AdminBootstrap.ADMIN, AuditLog.FIRST_START, null, address, "denied");
      return Response.seeOther(page("/login?error=link")).build();
    }
    AccountEntity admin = accounts.find(AdminBootstrap.ADMIN).orElseThrow();
    audit.record(AdminBootstrap.ADMIN, AuditLog.FIRST_START, null, address, "ok");
    Sessions.Opened opened = sessions.open(admin.getUsername(), admin.role(), "first-start");
    return Response.seeOther(page("/account?firstStart=1"))
        .header("Set-Cookie", cookie(opened.cookieValue(), (int) opened.lifetime().toSeconds()))
        .build();
  }

  @GET
  @Path("/oidc/login")
  @Operation(summary = "Start single sign-on with the OpenID Connect provider (open)")
  public Response oidcLogin(@QueryParam("next") String next) {
    if (!oidc.enabled()) {
      throw new ApiException(404, "Single sign-on is not configured.");
    }
    try {
      OidcClient.Start start = oidc.begin(next);
      return Response.seeOther(start.authorizationUrl())
          .header(
              "Set-Cookie", oidcCookie(start.binding(), (int) OidcClient.PENDING_TTL.toSeconds()))
          .build();
    } catch (OidcClient.SignInException e) {
      return Response.seeOther(page("/login?error=sso")).build();
    }
  }

  @GET
  @Path("/oidc/callback")
  @Operation(summary = "Where the OpenID Connect provider sends the browser back (open)")
  public Response oidcCallback(
      @QueryParam("code") String code,
      @QueryParam("state") String state,
      @QueryParam("error") String error,
      @CookieParam(OIDC_COOKIE) String binding) {
    String address = request.getRemoteAddr();
    if (!oidc.enabled()) {
      throw new ApiException(404, "Single sign-on is not configured.");
    }
    try {
      if (error != null) {
        throw new OidcClient.SignInException("the provider refused: " + clip(error));
      }
      OidcClient.SignedIn who = oidc.complete(code, state, binding);
      audit.record(who.name(), AuditLog.LOGIN, "oidc", address, "ok");
      Sessions.Opened opened = sessions.open(who.name(), who.role(), "oidc");
      return Response.seeOther(page(who.next()))
          .header("Set-Cookie", cookie(opened.cookieValue(), (int) opened.lifetime().toSeconds()))
          .header("Set-Cookie", oidcCookie("", 0))
          .build();
    } catch (OidcClient.SignInException e) {
      LOG.info("single sign-on refused: " + e.getMessage());
      audit.record(null, AuditLog.LOGIN_FAILED, "oidc: " + e.getMessage(), address, "denied");
      return Response.seeOther(page("/login?error=sso"))
          .header("Set-Cookie", oidcCookie("", 0))
          .build();
    }
  }

  @GET
  @Path("/me")
  @RolesAllowed(Role.VIEWER_NAME)
  @Operation(summary = "Who the caller is")
  public Me me() {
    return me(current.get());
  }

  @POST
  @Path("/logout")
  @RolesAllowed(Role.VIEWER_NAME)
  @Operation(summary = "End the console session")
  public Response logout() {
    Identity id = current.get();
    if (id.via() == Identity.Via.SESSION) {
      sessions.revoke(id);
      audit.record(id.name(), AuditLog.LOGOUT, null, current.address(), "ok");
    }
    return Response.noContent().header("Set-Cookie", cookie("", 0)).build();
  }

  @POST
  @Path("/password")
  @BodyLimit
  @RolesAllowed(Role.VIEWER_NAME)
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Change the caller's own password (local accounts)")
  public Response changePassword(PasswordChange body) {
    Identity id = current.get();
    AccountEntity account =
        accounts
            .find(id.name())
            .orElseThrow(() -> new ApiException(409, "Only local accounts have a password here."));
    if (body == null) {
      throw new InvalidFieldsException(422, List.of(new FieldError("newPassword", "is required")));
    }
    if (account.hasPassword() && !accounts.checkPassword(account, body.currentPassword())) {
      throw new InvalidFieldsException(
          422, List.of(new FieldError("currentPassword", "is not your current password")));
    }
    String problem = Accounts.passwordProblem(body.newPassword());
    if (problem != null) {
      throw new InvalidFieldsException(422, List.of(new FieldError("newPassword", problem)));
    }
    accounts.setPassword(id.name(), body.newPassword());
    if (account.role() == Role.ADMIN) {
      bootstrap.passwordSet();
    }
    audit.record(id.name(), AuditLog.PASSWORD_CHANGED, id.name(), current.address(), "ok");
    return Response.noContent().build();
  }

  private Response signIn(AccountEntity account, String via) {
    Sessions.Opened opened = sessions.open(account.getUsername(), account.role(), via);
    return Response.ok(me(opened.identity()))
        .header("Set-Cookie", cookie(opened.cookieValue(), (int) opened.lifetime().toSeconds()))
        .build();
  }

  /**
   * A console page by its absolute path ({@code seeOther} resolves a relative URI against the API's
   * base {@code /api}).
   */
  private URI page(String path) {
    return uriInfo.getBaseUri().resolve(path);
  }

  private String oidcCookie(String value, int maxAge) {
    return setCookie(OIDC_COOKIE, value, "/api/auth/oidc", maxAge);
  }

  private static String clip(String s) {
    String clean = s.replaceAll("[^A-Za-z0-9_.-]", "");
    return clean.length() > 60 ? clean.substring(0, 60) : clean;
  }

  private String cookie(String value, int maxAge) {
    return setCookie(Sessions.COOKIE, value, "/", maxAge);
  }

  /**
   * A {@code Set-Cookie} value: {@code HttpOnly}, {@code SameSite=Lax}, {@code Secure} over TLS,
   * and no {@code Version} attribute (with one, some clients quote the value they send back).
   */
  private String setCookie(String name, String value, String path, int maxAge) {
    return name
        + "="
        + value
        + "; Path="
        + path
        + "; Max-Age="
        + maxAge
        + "; HttpOnly; SameSite=Lax"
        + (request.isSecure() ? "; Secure" : "");
  }

  static Me me(Identity id) {
    return new Me(id.name(), id.role().wireName(), id.via().wireName(), id.csrfToken());
  }
}
