package io.ponybunny.web.rest;

import io.ponybunny.client.ApiKey;
import io.ponybunny.client.ApiKeyPage;
import io.ponybunny.client.ApiKeyRequest;
import io.ponybunny.cost.Usd;
import io.ponybunny.quota.Quotas;
import io.ponybunny.security.CurrentIdentity;
import io.ponybunny.security.Identity;
import io.ponybunny.security.Role;
import io.ponybunny.security.account.Accounts;
import io.ponybunny.security.audit.AuditLog;
import io.ponybunny.security.key.ApiKeyEntity;
import io.ponybunny.security.key.ApiKeys;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * {@code /api/keys}: API keys (virtual keys). Operators create keys for themselves, admins for
 * anyone; a key's role is at most its creator's. The secret is in the creation answer only.
 */
@Path("/keys")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Role.OPERATOR_NAME)
public class KeyResource {

  /** Longest lifetime a key may be given. */
  static final int MAX_DAYS = 3650;

  /** Usable keys one principal may hold. */
  static final int MAX_KEYS_PER_OWNER = 100;

  @Inject ApiKeys keys;
  @Inject Accounts accounts;
  @Inject AuditLog audit;
  @Inject CurrentIdentity current;
  @Inject Quotas quotas;

  @GET
  @Operation(summary = "The caller's API keys (admins: everyone's); never a secret")
  public ApiKeyPage listKeys() {
    return new ApiKeyPage(
        keys.list(current.ownerFilter()).stream().map(k -> view(k, null)).toList());
  }

  private static void positive(List<FieldError> errors, String field, Number value) {
    if (value != null && value.longValue() < 1) {
      errors.add(new FieldError(field, "must be at least 1 (leave it out for the owner's limit)"));
    }
  }

  /** The largest spend limit a key may be given, in USD per day. */
  static final BigDecimal MAX_USD_PER_DAY = new BigDecimal("1000000000");

  private static void amount(List<FieldError> errors, String field, BigDecimal value) {
    if (value == null) {
      return;
    }
    if (value.signum() <= 0 || value.compareTo(MAX_USD_PER_DAY) > 0) {
      errors.add(
          new FieldError(
              field,
              "must be more than 0 and at most "
                  + MAX_USD_PER_DAY.toPlainString()
                  + " (leave it out for the owner's limit)"));
    } else if (value.stripTrailingZeros().scale() > Usd.SCALE) {
      errors.add(new FieldError(field, "has at most " + Usd.SCALE + " decimals"));
    }
  }

  @POST
  @BodyLimit
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Create an API key; its secret is shown in this answer only")
  public Response createKey(ApiKeyRequest body) {
    Identity caller = current.get();
    List<FieldError> errors = new ArrayList<>();
    if (body == null) {
      throw new InvalidFieldsException(422, List.of(new FieldError("name", "is required")));
    }
    String name = body.name() == null ? "" : body.name().strip();
    if (name.isEmpty() || name.length() > 100) {
      errors.add(new FieldError("name", "must be 1-100 characters"));
    }
    Role role = body.role() == null ? caller.role() : Role.parse(body.role());
    if (role == null) {
      errors.add(new FieldError("role", "must be viewer, operator or admin"));
    } else if (!caller.role().includes(role)) {
      errors.add(new FieldError("role", "may not be higher than your own role"));
    }
    String owner = body.owner() == null ? caller.name() : body.owner().strip();
    if (!owner.equals(caller.name())) {
      if (!caller.isAdmin()) {
        throw new ApiException(403, "Only admins create keys for others.");
      }
      if (!Accounts.USERNAME.matcher(owner).matches()) {
        errors.add(new FieldError("owner", "is not a valid principal name"));
      }
    }
    Integer days = body.expiresInDays();
    if (days != null && (days < 1 || days > MAX_DAYS)) {
      errors.add(new FieldError("expiresInDays", "must be 1.." + MAX_DAYS));
    }
    positive(errors, "requestsPerMinute", body.requestsPerMinute());
    positive(errors, "concurrentStreams", body.concurrentStreams());
    positive(errors, "tokensPerDay", body.tokensPerDay());
    amount(errors, "usdPerDay", body.usdPerDay());
    if (!errors.isEmpty()) {
      throw new InvalidFieldsException(422, errors);
    }
    if (keys.usableCount(owner) >= MAX_KEYS_PER_OWNER) {
      throw new ApiException(
          409,
          "'"
              + owner
              + "' holds "
              + MAX_KEYS_PER_OWNER
              + " usable keys, the most allowed; revoke one first.");
    }
    Long expiresAt =
        days == null ? null : System.currentTimeMillis() + Duration.ofDays(days).toMillis();
    ApiKeys.Created created =
        keys.create(
            name,
            owner,
            role,
            caller.name(),
            expiresAt,
            body.requestsPerMinute(),
            body.concurrentStreams(),
            body.tokensPerDay(),
            body.usdPerDay());
    audit.record(
        caller.name(),
        AuditLog.KEY_CREATED,
        created.key().getId() + " for " + owner,
        current.address(),
        "ok");
    return Response.status(201).entity(view(created.key(), created.secret())).build();
  }

  @DELETE
  @Path("/{id}")
  @Operation(summary = "Revoke an API key (at once)")
  public Response revokeKey(@PathParam("id") String id) {
    Identity caller = current.get();
    ApiKeyEntity key =
        keys.find(id)
            .filter(k -> caller.mayAccess(k.getOwner()))
            .orElseThrow(() -> new ApiException(404, "No API key '" + id + "'."));
    keys.revoke(key);
    audit.record(caller.name(), AuditLog.KEY_REVOKED, id, current.address(), "ok");
    return Response.noContent().build();
  }

  private ApiKey view(ApiKeyEntity k, String secret) {
    return new ApiKey(
        k.getId(),
        k.getName(),
        k.getOwner(),
        k.role().wireName(),
        k.getPrefix(),
        k.getCreatedBy(),
        Times.iso(k.getCreatedAt()),
        Times.iso(k.getExpiresAt()),
        Times.iso(k.getLastUsedAt()),
        Times.iso(k.getRevokedAt()),
        secret,
        QuotaResource.status(quotas.keyView(k)));
  }
}
