package io.ponybunny.llm.api;

import jakarta.json.JsonValue;

/**
 * A complete tool call requested by the model.
 *
 * @param id the provider's call id, null when it sends none
 * @param name the function name
 * @param arguments the parsed arguments, null when {@code rawArguments} does not parse
 * @param rawArguments the concatenated argument text as streamed
 */
public record ToolCall(String id, String name, JsonValue arguments, String rawArguments) {}
