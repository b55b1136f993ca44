package io.ponybunny.client;

import jakarta.json.bind.annotation.JsonbNillable;
import java.util.List;

/** One attempt at a work item, with its steps. */
@JsonbNillable
public record Run(
    String id,
    int attempt,
    String status,
    int tokensUsed,
    String startedAt,
    String finishedAt,
    String error,
    List<Step> steps) {}
