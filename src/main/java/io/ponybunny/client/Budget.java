package io.ponybunny.client;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A goal's limits. In a request a missing limit takes the server's default; a goal read back
 * carries every limit (its effective budget).
 *
 * @param maxTokens input plus output tokens over all of the goal's LLM calls
 * @param maxSteps ReAct steps over all work items
 * @param maxDurationSeconds wall-clock seconds from the goal's start
 */
@Schema(name = "Budget", description = "Limits of a goal; missing limits take the defaults.")
public record Budget(
    @Min(1) @Max(10_000_000) Integer maxTokens,
    @Min(1) @Max(200) Integer maxSteps,
    @Min(1) @Max(86_400) Integer maxDurationSeconds) {}
