package io.ponybunny.llm.provider;

import io.ponybunny.llm.api.ToolSpec;
import io.ponybunny.llm.json.JsonSupport;
import jakarta.json.JsonObject;

/**
 * A tool as every protocol declares it: {@code name}, {@code description} when there is one, and
 * the parameters' schema under the protocol's member name, with the protocol's stand-in when the
 * tool has no schema.
 */
public final class ToolDeclaration {

  /** {@code {"type":"object"}}, the stand-in schema of the protocols that require one. */
  public static final JsonObject OBJECT_SCHEMA =
      JsonSupport.objectBuilder().add("type", "object").build();

  private ToolDeclaration() {}

  /**
   * The declaration's members.
   *
   * @param schemaMember the member that holds the schema ({@code parameters}, {@code input_schema})
   * @param schemaWhenNone sent when the tool has no schema; null to leave the member out
   */
  public static JsonFields of(ToolSpec tool, String schemaMember, JsonObject schemaWhenNone) {
    return JsonFields.object()
        .add("name", tool.name())
        .addIfPresent("description", tool.description())
        .addIfPresent(schemaMember, tool.parameters() == null ? schemaWhenNone : tool.parameters());
  }

  /**
   * {@code {"type":"function","function":{…}}}, as the OpenAI-style chat APIs (and Ollama) wrap a
   * declaration.
   */
  public static JsonFields function(ToolSpec tool, JsonObject schemaWhenNone) {
    return JsonFields.object()
        .add("type", "function")
        .add("function", of(tool, "parameters", schemaWhenNone));
  }
}
