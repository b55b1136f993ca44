package io.ponybunny.agent.tools;

import io.ponybunny.llm.json.JsonSupport;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonObject;

/** {@code calculator}: evaluates an arithmetic expression with {@link ExpressionParser}. */
@ApplicationScoped
public class CalculatorTool implements Tool {

  private static final JsonObject SCHEMA =
      JsonSupport.objectBuilder()
          .add("type", "object")
          .add(
              "properties",
              JsonSupport.objectBuilder()
                  .add(
                      "expression",
                      JsonSupport.objectBuilder()
                          .add("type", "string")
                          .add("maxLength", 1000)
                          .add("description", "e.g. (17 * 23 + 4) / 2 or sqrt(2) ^ 2")))
          .add("required", JsonSupport.arrayBuilder().add("expression"))
          .add("additionalProperties", false)
          .build();

  @Override
  public String name() {
    return "calculator";
  }

  @Override
  public String description() {
    return "Evaluates an arithmetic expression (+ - * / % ^, parentheses, sqrt, abs, round, floor,"
        + " ceil, min, max, pi, e) and returns the exact result.";
  }

  @Override
  public JsonObject parameters() {
    return SCHEMA;
  }

  @Override
  public String execute(JsonObject arguments, ToolContext context) {
    return ExpressionParser.format(ExpressionParser.evaluate(arguments.getString("expression")));
  }
}
