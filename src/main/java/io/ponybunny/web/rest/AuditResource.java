package io.ponybunny.web.rest;

import io.ponybunny.client.AuditEntry;
import io.ponybunny.client.AuditPage;
import io.ponybunny.security.Role;
import io.ponybunny.security.audit.AuditLog;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** {@code GET /api/audit} (admins): the audit log, newest first, by action and principal. */
@Path("/audit")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Role.ADMIN_NAME)
public class AuditResource {

  @Inject AuditLog audit;

  @GET
  @Operation(summary = "The audit log")
  public AuditPage listAudit(
      @QueryParam("action") String action,
      @QueryParam("principal") String principal,
      @QueryParam("page") String page,
      @QueryParam("size") String size) {
    Paging paging = Paging.of(page, size, 50);
    for (String[] p : new String[][] {{"action", action}, {"principal", principal}}) {
      if (p[1] != null && p[1].length() > 200) {
        throw new InvalidFieldsException(
            400, java.util.List.of(new FieldError(p[0], "must be at most 200 characters")));
      }
    }
    AuditLog.Page p =
        audit.list(blankToNull(action), blankToNull(principal), paging.page(), paging.size());
    return new AuditPage(
        p.items().stream()
            .map(
                a ->
                    new AuditEntry(
                        a.getId(),
                        Times.iso(a.getOccurredAt()),
                        a.getPrincipal(),
                        a.getAction(),
                        a.getTarget(),
                        a.getAddress(),
                        a.getOutcome()))
            .toList(),
        paging.page(),
        paging.size(),
        p.total());
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
