package io.ponybunny.web.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;

class ProblemMappersTest {

  private final ProblemMappers.WebApplication mapper = new ProblemMappers.WebApplication();

  @Test
  void anApiExceptionCarriesItsHeadersAndMayBeA503() {
    Response r = mapper.toResponse(ApiException.retryLater(503, "The agent is busy.", 30));
    assertEquals(503, r.getStatus());
    assertEquals("30", r.getHeaderString("Retry-After"));
    assertEquals(Problem.MEDIA_TYPE, r.getMediaType());
    String body = r.getEntity().toString();
    assertTrue(body.contains("\"status\":503"), body);
    assertTrue(body.contains("\"title\":\"Service Unavailable\""), body);
    assertTrue(body.contains("\"detail\":\"The agent is busy.\""), body);
  }

  @Test
  void otherServerErrorsStayAnIncidentWithoutDetails() {
    Response r = mapper.toResponse(new WebApplicationException("secret internals", 503));
    assertEquals(500, r.getStatus());
    assertTrue(!r.getEntity().toString().contains("secret internals"));
  }

  @Test
  void plainApiExceptionsHaveNoExtraHeaders() {
    Response r = mapper.toResponse(new ApiException(409, "Goal 'g1' is running."));
    assertEquals(409, r.getStatus());
    assertEquals(null, r.getHeaderString("Retry-After"));
  }
}
