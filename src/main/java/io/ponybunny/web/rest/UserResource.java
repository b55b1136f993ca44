package io.ponybunny.web.rest;

import io.ponybunny.client.User;
import io.ponybunny.client.UserPage;
import io.ponybunny.client.UserRequest;
import io.ponybunny.security.CurrentIdentity;
import io.ponybunny.security.Role;
import io.ponybunny.security.account.AccountEntity;
import io.ponybunny.security.account.Accounts;
import io.ponybunny.security.audit.AuditLog;
import io.ponybunny.security.key.ApiKeys;
import io.ponybunny.security.session.Sessions;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * {@code /api/users} (admins): local accounts. A password reset or a role change ends the user's
 * sessions; a demotion revokes the user's keys above the new role; deleting a user revokes all its
 * API keys.
 */
@Path("/users")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Role.ADMIN_NAME)
public class UserResource {

  @Inject Accounts accounts;
  @Inject Sessions sessions;
  @Inject ApiKeys keys;
  @Inject AuditLog audit;
  @Inject CurrentIdentity current;

  @GET
  @Operation(summary = "Every local account")
  public UserPage listUsers() {
    return new UserPage(accounts.list().stream().map(UserResource::view).toList());
  }

  @POST
  @BodyLimit
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Add a local account")
  public Response createUser(UserRequest body) {
    List<FieldError> errors = new ArrayList<>();
    if (body == null
        || body.username() == null
        || !Accounts.USERNAME.matcher(body.username()).matches()) {
      errors.add(new FieldError("username", "must be 1-64 letters, digits, '.', '_', '@' or '-'"));
    }
    String pw = body == null ? null : Accounts.passwordProblem(body.password());
    if (pw != null) {
      errors.add(new FieldError("password", pw));
    }
    Role role = body == null ? null : Role.parse(body.role());
    if (role == null) {
      errors.add(new FieldError("role", "must be viewer, operator or admin"));
    }
    if (!errors.isEmpty()) {
      throw new InvalidFieldsException(422, errors);
    }
    if (!accounts.create(body.username(), body.password(), role)) {
      throw new ApiException(409, "The user '" + body.username() + "' exists.");
    }
    audit.record(
        current.get().name(), AuditLog.ACCOUNT_CREATED, body.username(), current.address(), "ok");
    return Response.status(201).entity(view(accounts.find(body.username()).orElseThrow())).build();
  }

  @PUT
  @Path("/{username}")
  @BodyLimit
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Change a user's role and/or reset its password")
  public User updateUser(@PathParam("username") String username, UserRequest body) {
    AccountEntity account = find(username);
    List<FieldError> errors = new ArrayList<>();
    Role role = null;
    if (body != null && body.role() != null) {
      role = Role.parse(body.role());
      if (role == null) {
        errors.add(new FieldError("role", "must be viewer, operator or admin"));
      }
    }
    if (body != null && body.password() != null) {
      String pw = Accounts.passwordProblem(body.password());
      if (pw != null) {
        errors.add(new FieldError("password", pw));
      }
    }
    if (!errors.isEmpty()) {
      throw new InvalidFieldsException(422, errors);
    }
    if (role != null && role != account.role()) {
      accounts.setRole(username, role);
      keys.revokeAbove(username, role); // a key never outranks its owner
    }
    if (body != null && body.password() != null) {
      accounts.setPassword(username, body.password());
    }
    sessions.revokeAllOf(username);
    audit.record(current.get().name(), AuditLog.ACCOUNT_UPDATED, username, current.address(), "ok");
    return view(find(username));
  }

  @DELETE
  @Path("/{username}")
  @Operation(summary = "Delete a user; its sessions end and its API keys are revoked")
  public Response deleteUser(@PathParam("username") String username) {
    find(username);
    if (username.equals(current.get().name())) {
      throw new ApiException(409, "You cannot delete your own account.");
    }
    accounts.delete(username);
    sessions.revokeAllOf(username);
    keys.revokeAllOf(username);
    audit.record(current.get().name(), AuditLog.ACCOUNT_DELETED, username, current.address(), "ok");
    return Response.noContent().build();
  }

  private AccountEntity find(String username) {
    return accounts
        .find(username)
        .orElseThrow(() -> new ApiException(404, "No user '" + username + "'."));
  }

  static User view(AccountEntity a) {
    return new User(
        a.getUsername(), a.role().wireName(), Times.iso(a.getCreatedAt()), a.hasPassword());
  }
}
