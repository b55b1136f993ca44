package io.ponybunny.client;

import jakarta.json.bind.annotation.JsonbNillable;

/**
 * One ReAct step: the model's thought and action with its input and the tool's observation, or
 * (last step) the final answer.
 */
@JsonbNillable
public record Step(
    int index,
    String thought,
    String action,
    String actionInput,
    String observation,
    String finalAnswer,
    String timestamp) {}
