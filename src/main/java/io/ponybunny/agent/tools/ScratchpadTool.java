package io.ponybunny.agent.tools;

import io.ponybunny.llm.json.JsonSupport;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonObject;
import java.util.TreeSet;

/**
 * {@code scratchpad}: reads the goal's key-value notes (given when the goal was submitted, plus its
 * title and success criteria). Read-only: the agent cannot change them.
 */
@ApplicationScoped
public class ScratchpadTool implements Tool {

  private static final JsonObject SCHEMA =
      JsonSupport.objectBuilder()
          .add("type", "object")
          .add(
              "properties",
              JsonSupport.objectBuilder()
                  .add(
                      "key",
                      JsonSupport.objectBuilder()
                          .add("type", "string")
                          .add("maxLength", 200)
                          .add("description", "the key to read; omit to list the keys")))
          .add("additionalProperties", false)
          .build();

  @Override
  public String name() {
    return "scratchpad";
  }

  @Override
  public String description() {
    return "Reads the goal's read-only notes: with a key, returns its value; without, lists the"
        + " keys.";
  }

  @Override
  public JsonObject parameters() {
    return SCHEMA;
  }

  @Override
  public String execute(JsonObject arguments, ToolContext context) {
    String key = arguments.getString("key", null);
    if (key == null || key.isBlank()) {
      return "keys: " + String.join(", ", new TreeSet<>(context.scratchpad().keySet()));
    }
    String value = context.scratchpad().get(key);
    if (value == null) {
      throw new ToolException(
          "no key '"
              + key
              + "'; keys: "
              + String.join(", ", new TreeSet<>(context.scratchpad().keySet())));
    }
    return value;
  }
}
