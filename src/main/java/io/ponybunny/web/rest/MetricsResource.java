package io.ponybunny.web.rest;

import io.ponybunny.client.CostReport;
import io.ponybunny.client.CostRow;
import io.ponybunny.client.MetricsSummary;
import io.ponybunny.client.SpendRow;
import io.ponybunny.client.TimeSeries;
import io.ponybunny.history.StreamCosts;
import io.ponybunny.history.StreamHistory;
import io.ponybunny.quota.Quotas;
import io.ponybunny.quota.UsageEntity;
import io.ponybunny.quota.UsageStore;
import io.ponybunny.security.CurrentIdentity;
import io.ponybunny.security.Role;
import io.ponybunny.security.key.ApiKeyEntity;
import io.ponybunny.security.key.ApiKeys;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * {@code /api/metrics}: stream totals for the console's dashboard, and usage and cost per day,
 * model, goal, principal and API key. Owner-scoped: non-admins see their own streams, their own
 * principal and their own keys; admins everyone's.
 */
@Path("/metrics")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Role.VIEWER_NAME)
public class MetricsResource {

  /** The longest window of {@code /costs}, in days. */
  static final int MAX_DAYS = 366;

  /** The default window of {@code /costs}, in days. */
  static final int DEFAULT_DAYS = 30;

  /** Rows of the per-model and per-goal lists at most. */
  static final int MAX_GROUPS = 100;

  /** Models with rows of their own per day. */
  static final int CHARTED_MODELS = 10;

  /** Rows per principal or key and day at most. */
  static final int MAX_SPEND_ROWS = 1000;

  private static final String PRINCIPAL = "principal:";
  private static final String KEY = "key:";

  @Inject StreamHistory streams;
  @Inject StreamCosts costs;
  @Inject UsageStore usage;
  @Inject ApiKeys keys;
  @Inject CurrentIdentity current;

  @GET
  @Path("/summary")
  @Operation(
      summary = "Stream totals",
      description =
          "Active, completed, failed and total streams; mean time to first token (ms) and mean"
              + " output tokens per second of completed streams (null before any).")
  public MetricsSummary metricsSummary() {
    return streams.summary(current.ownerFilter());
  }

  @GET
  @Path("/timeseries")
  @Operation(
      summary = "The console's charts over a time range",
      description =
          "Streams started in the last range (15m, 1h, 6h, 24h or 7d; default 1h), in buckets of"
              + " 30 s, 1 min, 5 min, 15 min or 2 h: per model its streams, errors, TTFT p50/p95"
              + " and output tokens per second; failed streams by provider and error type; streams"
              + " and errors per bucket. Aggregated by the database. Non-admins get their own.")
  @APIResponse(responseCode = "400", description = "An unknown range (problem JSON)")
  public TimeSeries timeSeries(@QueryParam("range") String range) {
    String r = range == null || range.isBlank() ? "1h" : range.strip();
    long[] spanAndBucket = RANGES.get(r);
    if (spanAndBucket == null) {
      throw new InvalidFieldsException(
          400, List.of(new FieldError("range", "must be one of 15m, 1h, 6h, 24h, 7d")));
    }
    long bucketMs = spanAndBucket[1];
    // buckets aligned to the bucket size, so a refresh moves the window by whole buckets
    long to = (System.currentTimeMillis() / bucketMs + 1) * bucketMs;
    return streams.timeSeries(r, to - spanAndBucket[0], to, bucketMs, current.ownerFilter());
  }

  /** Each range: its span and its bucket size (milliseconds). */
  private static final Map<String, long[]> RANGES =
      Map.of(
          "15m", new long[] {900_000L, 30_000L},
          "1h", new long[] {3_600_000L, 60_000L},
          "6h", new long[] {21_600_000L, 300_000L},
          "24h", new long[] {86_400_000L, 900_000L},
          "7d", new long[] {604_800_000L, 7_200_000L});

  @GET
  @Path("/costs")
  @Operation(
      summary = "Usage and cost",
      description =
          "Tokens and cost (USD, at the configured prices) of the streams started in the last"
              + " `days` UTC days, today included (default 30, at most 366): in all, per day, per"
              + " model, per model and day (the ten costliest models), per goal; and per principal"
              + " and per API key and day as the quotas count them. Non-admins get their own.")
  public CostReport costReport(@QueryParam("days") String days) {
    int n = Paging.parse(days, DEFAULT_DAYS, 1, MAX_DAYS, "days");
    long to = LocalDate.now(ZoneOffset.UTC).toEpochDay();
    long from = to - n + 1;
    String owner = current.ownerFilter();
    List<CostRow> byModel = costs.byModel(owner, from, to, MAX_GROUPS);
    List<String> charted = byModel.stream().limit(CHARTED_MODELS).map(CostRow::model).toList();
    return new CostReport(
        LocalDate.ofEpochDay(from).toString(),
        LocalDate.ofEpochDay(to).toString(),
        costs.total(owner, from, to),
        costs.byDay(owner, from, to),
        byModel,
        costs.byModelAndDay(owner, from, to, charted),
        costs.byGoal(owner, from, to, MAX_GROUPS),
        spend(owner, PRINCIPAL, from, to),
        spend(owner, KEY, from, to));
  }

  @GET
  @Path("/goals/{goalId}/cost")
  @Operation(
      summary = "A goal's usage and cost",
      description =
          "Tokens and cost (USD) of every stream of the goal; of the caller's streams only for"
              + " non-admins (another principal's goal costs them nothing).")
  public CostRow goalCost(@PathParam("goalId") String goalId) {
    return costs.ofGoal(current.ownerFilter(), goalId);
  }

  /** The days of principals or keys: the caller's own (its keys), or everyone's for admins. */
  private List<SpendRow> spend(String owner, String kind, long from, long to) {
    List<UsageEntity> rows;
    if (owner == null) {
      rows = usage.daysOfAll(kind, from, to, MAX_SPEND_ROWS);
    } else if (PRINCIPAL.equals(kind)) {
      rows = usage.days(List.of(Quotas.principal(owner)), from, to, MAX_SPEND_ROWS);
    } else {
      List<String> mine =
          keys.list(owner).stream().map(ApiKeyEntity::getId).map(Quotas::key).toList();
      rows = usage.days(mine, from, to, MAX_SPEND_ROWS);
    }
    return rows.stream().map(u -> row(kind, u)).toList();
  }

  private static SpendRow row(String kind, UsageEntity u) {
    String id = u.getSubject().substring(kind.length());
    return new SpendRow(
        PRINCIPAL.equals(kind) ? id : null,
        KEY.equals(kind) ? id : null,
        LocalDate.ofEpochDay(u.getUsageDay()).toString(),
        u.getTokens(),
        u.getCostUsd());
  }
}
