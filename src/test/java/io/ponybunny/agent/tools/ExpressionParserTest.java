package io.ponybunny.agent.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ExpressionParserTest {

  static Stream<Arguments> hostile() {
    return Stream.of(
        Arguments.of("tower of powers", "9^9^9^9", "exponent larger than 9999"),
        Arguments.of("huge exponent", "10^100000000", "exponent larger than 9999"),
        Arguments.of("power tower of twos", "2^2^2^2^2", "exponent larger than 9999"),
        Arguments.of("power beyond range", "10^9999", "too large"),
        Arguments.of("power below range", "0.1^9999", "too small"),
        Arguments.of("negative exponent beyond range", "0.5^-9999", "too large"),
        Arguments.of("big base, allowed exponent", "99999999999999999999^9999", "too large"),
        Arguments.of("fractional power beyond range", "2^(0.5^-9999)", "too large"),
        Arguments.of("literal beyond range", "1e999999999", "too large"),
        Arguments.of("literal below range", "1e-999999999", "too small"),
        Arguments.of("literal just beyond range", "1e1001", "too large"),
        Arguments.of("exponent beyond int", "1e99999999999", "bad number"),
        Arguments.of("product beyond range", "1e600 * 1e600", "too large"),
        Arguments.of("quotient below range", "1e-600 / 1e600", "too small"),
        Arguments.of("repeated growth", "1e999 * 10 * 10", "too large"),
        Arguments.of("sum beyond range", "9e1000 + 9e1000", "too large"),
        Arguments.of("floor of a growing value", "floor(1e1000 * 10)", "too large"),
        Arguments.of("round then grow", "round(9e1000) * 10", "too large"),
        Arguments.of("max then grow", "max(1e1000, 1) * 10", "too large"),
        Arguments.of("modulo too far apart", "1e999 % 7", "orders of magnitude apart"),
        Arguments.of("zero to a negative power", "0^-1", "division by zero"),
        Arguments.of("negative base, fractional power", "(-8)^(1/3)", "not a real number"),
        Arguments.of(
            "deep parentheses",
            "(".repeat(150) + "1" + ")".repeat(150),
            "nested more than 100 levels"),
        Arguments.of(
            "100k parentheses",
            "(".repeat(100_000) + "1" + ")".repeat(100_000),
            "longer than 1000 characters"),
        Arguments.of("sign chain", "-".repeat(200) + "1", "nested more than 100 levels"),
        Arguments.of("right-nested powers", "1" + "^1".repeat(150), "nested more than 100 levels"),
        Arguments.of("many operations", "1+".repeat(300) + "1", "more than 250 operations"),
        Arguments.of("many functions", "abs(1)+".repeat(130) + "1", "more than 250 operations"),
        Arguments.of("10 MB expression", "9".repeat(10 * 1024 * 1024), "longer than 1000"),
        Arguments.of("10 MB of operators", "1+".repeat(5 * 1024 * 1024) + "1", "longer than"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostile")
  void hostileInputsAreRefusedWithAClearMessage(String name, String expression, String why) {
    ToolException e =
        assertThrows(ToolException.class, () -> ExpressionParser.evaluate(expression), name);
    assertTrue(e.getMessage().contains(why), name + ": " + e.getMessage());
  }

  static Stream<Arguments> normal() {
    return Stream.of(
        Arguments.of("2^10", "1024"),
        Arguments.of("2^-2", "0.25"),
        Arguments.of("0^0", "1"),
        Arguments.of("2^0.5", "1.414213562373095"),
        Arguments.of("(-2)^3", "-8"),
        Arguments.of("1e1000 / 1e1000", "1"),
        Arguments.of("1e-1000 * 1e1000", "1"),
        Arguments.of("0e999999999 + 1", "1"),
        Arguments.of("0 * 1e1000", "0"),
        Arguments.of("floor(2.7) + ceil(2.1) + round(-2.5)", "2"),
        Arguments.of("1e15 % 7", "6"),
        Arguments.of("10^300 / 10^299", "10"),
        Arguments.of("(".repeat(99) + "17 * 23 + 4" + ")".repeat(99), "395"),
        Arguments.of("--5", "5"),
        Arguments.of("1+".repeat(250) + "1", "251"),
        Arguments.of("0.1 + 0.2", "0.3"));
  }

  @ParameterizedTest(name = "{0} = {1}")
  @MethodSource("normal")
  void normalInputsStayExact(String expression, String expected) {
    assertEquals(expected, ExpressionParser.format(ExpressionParser.evaluate(expression)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostile")
  void theCalculatorToolAnswersHostileInputsWithAnErrorObservation(
      String name, String expression, String why) {
    ToolRegistry registry = new ToolRegistry(java.util.List.of(new CalculatorTool()));
    String observation =
        registry.run(
            "calculator",
            jakarta.json.Json.createObjectBuilder().add("expression", expression).build(),
            null,
            new ToolContext("g1", null));
    assertTrue(observation.startsWith("Error: "), name + ": " + observation);
  }
}
