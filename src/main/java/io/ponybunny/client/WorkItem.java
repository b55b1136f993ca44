package io.ponybunny.client;

import jakarta.json.bind.annotation.JsonbNillable;
import java.util.List;

/** A step of a goal's plan, with its runs. Status: pending, running, succeeded, failed, ... */
@JsonbNillable
public record WorkItem(
    String id,
    String title,
    String status,
    int order,
    List<String> dependsOn,
    String result,
    List<Run> runs) {}
