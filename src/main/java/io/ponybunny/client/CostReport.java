package io.ponybunny.client;

import java.util.List;

/**
 * Usage and cost over the UTC days {@code from} to {@code to} (inclusive), of the caller's streams
 * (admins: everyone's): in all, per day (oldest first), per model (costliest first, at most 100),
 * per model and day for the ten costliest models ({@code byDay} minus them is the rest), per goal
 * (costliest first, at most 100); and, as the quotas count them, per principal and per API key and
 * day (newest first, at most 1,000 rows each).
 */
public record CostReport(
    String from,
    String to,
    CostRow total,
    List<CostRow> byDay,
    List<CostRow> byModel,
    List<CostRow> byModelAndDay,
    List<CostRow> byGoal,
    List<SpendRow> byPrincipal,
    List<SpendRow> byKey) {}
