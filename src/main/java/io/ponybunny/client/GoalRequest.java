package io.ponybunny.client;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The body of {@code POST /api/goals}.
 *
 * @param title what to achieve, 1-200 characters
 * @param description the details, up to 20000 characters
 * @param successCriteria how to tell the goal is reached, or null
 * @param model {@code <endpointId>/<model>}, or null for the tier's or the default model
 * @param tier {@code simple}, {@code medium} or {@code complex}, or null
 * @param budget limits, or null for the defaults
 * @param scratchpad read-only notes the agent can read with the {@code scratchpad} tool, or null
 */
@Schema(name = "GoalRequest", description = "A goal for the ReAct agent.")
public record GoalRequest(
    @Schema(required = true, example = "What is 17 * 23 + 4?") @NotBlank @Size(max = 200)
        String title,
    @Schema(required = true, example = "Compute the value exactly.") @NotNull @Size(max = 20_000)
        String description,
    @Size(max = 20_000) String successCriteria,
    @Schema(example = "sim/react~tps=0")
        @Size(max = 300)
        @Pattern(regexp = "[^/\\s]+/\\S+", message = "must be <endpointId>/<model>")
        String model,
    @Schema(enumeration = {"simple", "medium", "complex"})
        @Pattern(regexp = "simple|medium|complex", message = "must be simple, medium or complex")
        String tier,
    @Valid Budget budget,
    @Size(max = 50)
        Map<@Size(min = 1, max = 200) String, @NotNull @Size(max = 10_000) String> scratchpad) {

  /** A goal with just a title and a description. */
  public static GoalRequest of(String title, String description) {
    return new GoalRequest(title, description, null, null, null, null, null);
  }

  /** This request with {@code model}. */
  public GoalRequest withModel(String model) {
    return new GoalRequest(title, description, successCriteria, model, tier, budget, scratchpad);
  }

  /** This request with {@code budget}. */
  public GoalRequest withBudget(Budget budget) {
    return new GoalRequest(title, description, successCriteria, model, tier, budget, scratchpad);
  }
}
