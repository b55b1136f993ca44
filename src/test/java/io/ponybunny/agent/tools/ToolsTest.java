package io.ponybunny.agent.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ToolsTest {

  private final ToolContext ctx = new ToolContext("g1", Map.of("unit", "metres", "a", "1"));
  private final ToolRegistry registry =
      new ToolRegistry(
          List.of(
              new CalculatorTool(),
              new CurrentTimeTool(
                  Clock.fixed(Instant.parse("2025-03-04T05:06:07Z"), ZoneOffset.UTC)),
              new ScratchpadTool()));

  private static String eval(String expression) {
    return ExpressionParser.format(ExpressionParser.evaluate(expression));
  }

  @Test
  void calculatorEvaluatesWithPrecedenceAndExactDecimals() {
    assertEquals("395", eval("17 * 23 + 4"));
    assertEquals("459", eval("17 * (23 + 4)"));
    assertEquals("0.3", eval("0.1 + 0.2"));
    assertEquals("512", eval("2 ^ 3 ^ 2"));
    assertEquals("-7", eval("-(3 + 4)"));
    assertEquals("1", eval("10 % 3"));
    assertEquals("3", eval("sqrt(9)"));
    assertEquals("4", eval("max(2, 4)"));
    assertEquals("2.5", eval("5 / 2"));
    assertEquals("1000000", eval("1e6"));
    assertEquals("36", eval("4 × 9"));
  }

  @Test
  void calculatorMistakesAreToolErrorsWithAPosition() {
    ToolException e = assertThrows(ToolException.class, () -> ExpressionParser.evaluate("1 / 0"));
    assertTrue(e.getMessage().contains("division by zero"), e.getMessage());
    for (String bad : List.of("", "2 +", "(1 + 2", "1 2", "foo(1)", "sqrt(-1)", "2 ^ 99999")) {
      assertThrows(ToolException.class, () -> ExpressionParser.evaluate(bad), bad);
    }
    assertThrows(
        ToolException.class,
        () -> ExpressionParser.evaluate("(".repeat(500) + "1" + ")".repeat(500)));
  }

  @Test
  void registryRunsTextInputsAsJsonOrPlainText() {
    assertEquals("395", registry.run("calculator", "{\"expression\": \"17 * 23 + 4\"}", ctx));
    assertEquals("6", registry.run("calculator", "2 * 3", ctx), "one string argument: plain text");
    assertEquals("2025-03-04T05:06:07Z", registry.run("current_time", "", ctx));
    assertEquals(
        "2025-03-04T06:06:07+01:00",
        registry.run("current_time", "{\"timezone\":\"Europe/Paris\"}", ctx));
    assertEquals("metres", registry.run("scratchpad", "{\"key\":\"unit\"}", ctx));
    assertEquals("keys: a, unit", registry.run("scratchpad", "{}", ctx));
  }

  @Test
  void failuresBecomeObservations() {
    assertTrue(registry.run("shell", "rm -rf /", ctx).startsWith("Error: unknown tool 'shell'"));
    assertTrue(registry.run("calculator", "{\"expression\": 5}", ctx).contains("must be a string"));
    assertTrue(registry.run("calculator", "{}", ctx).contains("expression is required"));
    assertTrue(
        registry
            .run("calculator", "{\"expression\": \"1\", \"x\": 1}", ctx)
            .contains("not a known argument"));
    assertTrue(registry.run("calculator", "{broken", ctx).contains("not valid JSON"));
    assertTrue(registry.run("calculator", "1/0", ctx).startsWith("Error: division by zero"));
    assertTrue(registry.run("scratchpad", "{\"key\":\"nope\"}", ctx).startsWith("Error: no key"));
    assertTrue(
        registry.run("current_time", "{\"timezone\":\"Mars/Base\"}", ctx).startsWith("Error:"));
  }

  @Test
  void aToolThatThrowsAnythingIsAnObservation() {
    Tool broken =
        new Tool() {
          public String name() {
            return "broken";
          }

          public String description() {
            return "always fails";
          }

          public JsonObject parameters() {
            return Json.createObjectBuilder().add("type", "object").build();
          }

          public String execute(JsonObject arguments, ToolContext context) {
            throw new IllegalStateException("boom");
          }
        };
    ToolRegistry r = new ToolRegistry(List.of(broken));
    assertEquals("Error: tool broken failed (IllegalStateException)", r.run("broken", "{}", ctx));
  }

  @Test
  void shippedSchemasAreValidAndBadSchemasAreRefused() {
    for (Tool t : registry.all()) {
      assertEquals(List.of(), ToolSchemaValidator.checkSchema(t.parameters()), t.name());
    }
    assertEquals(
        List.of("calculator", "current_time", "scratchpad"),
        registry.all().stream().map(Tool::name).toList());
    JsonObject bad =
        Json.createObjectBuilder()
            .add("type", "array")
            .add(
                "properties",
                Json.createObjectBuilder()
                    .add("x", Json.createObjectBuilder().add("type", "weird")))
            .add("required", Json.createArrayBuilder().add("y"))
            .build();
    assertEquals(3, ToolSchemaValidator.checkSchema(bad).size());
    Tool withBadSchema =
        new Tool() {
          public String name() {
            return "bad";
          }

          public String description() {
            return "";
          }

          public JsonObject parameters() {
            return bad;
          }

          public String execute(JsonObject arguments, ToolContext context) {
            return "";
          }
        };
    assertThrows(IllegalStateException.class, () -> new ToolRegistry(List.of(withBadSchema)));
  }

  @Test
  void validatorChecksTypesEnumsAndLengths() {
    JsonObject schema =
        Json.createObjectBuilder()
            .add("type", "object")
            .add(
                "properties",
                Json.createObjectBuilder()
                    .add("n", Json.createObjectBuilder().add("type", "integer"))
                    .add(
                        "mode",
                        Json.createObjectBuilder()
                            .add("type", "string")
                            .add("enum", Json.createArrayBuilder().add("a").add("b")))
                    .add("s", Json.createObjectBuilder().add("type", "string").add("maxLength", 3)))
            .add("required", Json.createArrayBuilder().add("n"))
            .build();
    assertEquals(
        List.of(),
        ToolSchemaValidator.validate(
            schema,
            Json.createObjectBuilder().add("n", 2).add("mode", "a").add("s", "abc").build()));
    List<String> problems =
        ToolSchemaValidator.validate(
            schema,
            Json.createObjectBuilder().add("n", 2.5).add("mode", "c").add("s", "abcd").build());
    assertEquals(3, problems.size(), problems.toString());
    assertEquals(
        List.of("arguments must be an object"),
        ToolSchemaValidator.validate(schema, Json.createValue("x")));
  }
}
