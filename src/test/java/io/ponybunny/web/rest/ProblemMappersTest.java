package io.ponybunny.web.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ponybunny.quota.QuotaExceededException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.math.BigDecimal;
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

  @Test
  void aSpendQuotaNamesItsLimitInDollarsWithRetryAfter() {
    Response r =
        ProblemMappers.QuotaExceeded.problem(
            new QuotaExceededException(
                "key:k1",
                QuotaExceededException.Limit.USD_PER_DAY,
                new BigDecimal("0.000100000"),
                3600));
    assertEquals(429, r.getStatus());
    assertEquals("3600", r.getHeaderString("Retry-After"));
    String body = r.getEntity().toString();
    assertTrue(body.contains("\"limit\":\"usd-per-day\""), body);
    assertTrue(body.contains("\"value\":0.0001,"), body);
    assertTrue(body.contains("The USD per day quota of API key 'k1' (0.0001) is used up"), body);
  }
}
