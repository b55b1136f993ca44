package io.ponybunny.llm.api;

import jakarta.json.JsonObject;

/**
 * A tool the model may call.
 *
 * @param name function name
 * @param description what it does
 * @param parameters JSON schema of its arguments
 */
public record ToolSpec(String name, String description, JsonObject parameters) {}
