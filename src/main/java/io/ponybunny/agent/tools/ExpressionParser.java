package io.ponybunny.agent.tools;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * A small arithmetic expression evaluator (recursive descent, no script engine): numbers, {@code +
 * - * / %}, {@code ^} (right-associative power), parentheses, unary signs, the constants {@code pi}
 * and {@code e}, and the functions {@code sqrt}, {@code abs}, {@code round}, {@code floor}, {@code
 * ceil}, {@code min}, {@code max}. Exact decimal arithmetic where possible.
 */
public final class ExpressionParser {

  private static final MathContext MC = MathContext.DECIMAL64;
  private static final int MAX_LENGTH = 1000;
  private static final int MAX_DEPTH = 100;

  private final String src;
  private int pos;
  private int depth;

  private ExpressionParser(String src) {
    this.src = src;
  }

  /** Evaluates {@code expression}; throws {@link ToolException} with the position of a mistake. */
  public static BigDecimal evaluate(String expression) {
    if (expression == null || expression.isBlank()) {
      throw new ToolException("empty expression");
    }
    if (expression.length() > MAX_LENGTH) {
      throw new ToolException("expression longer than " + MAX_LENGTH + " characters");
    }
    ExpressionParser p =
        new ExpressionParser(expression.replace('\u00D7', '*').replace('\u00F7', '/'));
    BigDecimal v = p.sum();
    p.skip();
    if (p.pos < p.src.length()) {
      throw p.error("unexpected '" + p.src.charAt(p.pos) + "'");
    }
    return v;
  }

  /** The value as the calculator shows it: integers without a fraction, no exponent. */
  public static String format(BigDecimal v) {
    BigDecimal r = v.round(MC).stripTrailingZeros();
    if (r.scale() < 0) {
      r = r.setScale(0, RoundingMode.UNNECESSARY);
    }
    return r.toPlainString();
  }

  private BigDecimal sum() {
    BigDecimal v = product();
    while (true) {
      if (eat('+')) {
        v = v.add(product(), MC);
      } else if (eat('-')) {
        v = v.subtract(product(), MC);
      } else {
        return v;
      }
    }
  }

  private BigDecimal product() {
    BigDecimal v = unary();
    while (true) {
      int at = pos;
      if (eat('*')) {
        v = v.multiply(unary(), MC);
      } else if (eat('/')) {
        BigDecimal d = unary();
        if (d.signum() == 0) {
          throw errorAt(at, "division by zero");
        }
        v = v.divide(d, MC);
      } else if (eat('%')) {
        BigDecimal d = unary();
        if (d.signum() == 0) {
          throw errorAt(at, "modulo by zero");
        }
        v = v.remainder(d, MC);
      } else {
        return v;
      }
    }
  }

  private BigDecimal unary() {
    if (eat('-')) {
      return unary().negate();
    }
    if (eat('+')) {
      return unary();
    }
    return power();
  }

  private BigDecimal power() {
    BigDecimal base = atom();
    int at = pos;
    if (eat('^')) {
      BigDecimal exp = unary(); // right-associative: 2^3^2 = 2^9
      return pow(base, exp, at);
    }
    return base;
  }

  private BigDecimal pow(BigDecimal base, BigDecimal exp, int at) {
    try {
      int n = exp.intValueExact();
      if (Math.abs(n) > 9999) {
        throw errorAt(at, "exponent too large");
      }
      return base.pow(n, MC);
    } catch (ArithmeticException e) {
      double d = Math.pow(base.doubleValue(), exp.doubleValue());
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        throw errorAt(at, "power is not a real number");
      }
      return new BigDecimal(d, MC);
    }
  }

  private BigDecimal atom() {
    skip();
    if (++depth > MAX_DEPTH) {
      throw error("expression nested too deeply");
    }
    try {
      if (eat('(')) {
        BigDecimal v = sum();
        expect(')');
        return v;
      }
      if (pos < src.length() && (Character.isDigit(src.charAt(pos)) || src.charAt(pos) == '.')) {
        return number();
      }
      if (pos < src.length() && Character.isLetter(src.charAt(pos))) {
        return name();
      }
      throw error(pos < src.length() ? "unexpected '" + src.charAt(pos) + "'" : "missing operand");
    } finally {
      depth--;
    }
  }

  private BigDecimal number() {
    int start = pos;
    while (pos < src.length()
        && (Character.isDigit(src.charAt(pos))
            || src.charAt(pos) == '.'
            || src.charAt(pos) == '_')) {
      pos++;
    }
    String text = src.substring(start, pos).replace("_", "");
    if (pos < src.length() && (src.charAt(pos) == 'e' || src.charAt(pos) == 'E')) {
      int save = pos;
      pos++;
      if (pos < src.length() && (src.charAt(pos) == '+' || src.charAt(pos) == '-')) {
        pos++;
      }
      int digits = pos;
      while (pos < src.length() && Character.isDigit(src.charAt(pos))) {
        pos++;
      }
      if (pos == digits) {
        pos = save;
      } else {
        text = text + src.substring(save, pos);
      }
    }
    try {
      return new BigDecimal(text, MC);
    } catch (NumberFormatException e) {
      throw errorAt(start, "bad number '" + src.substring(start, pos) + "'");
    }
  }

  private BigDecimal name() {
    int start = pos;
    while (pos < src.length() && Character.isLetterOrDigit(src.charAt(pos))) {
      pos++;
    }
    String name = src.substring(start, pos).toLowerCase(java.util.Locale.ROOT);
    switch (name) {
      case "pi":
        return new BigDecimal(Math.PI, MC);
      case "e":
        return new BigDecimal(Math.E, MC);
      default:
        break;
    }
    expect('(');
    BigDecimal a = sum();
    BigDecimal b = null;
    if (eat(',')) {
      b = sum();
    }
    expect(')');
    boolean two = name.equals("min") || name.equals("max");
    if (two != (b != null)) {
      throw errorAt(start, name + " takes " + (two ? "two arguments" : "one argument"));
    }
    return switch (name) {
      case "sqrt" -> {
        if (a.signum() < 0) {
          throw errorAt(start, "square root of a negative number");
        }
        yield a.sqrt(MC);
      }
      case "abs" -> a.abs();
      case "round" -> a.setScale(0, RoundingMode.HALF_UP);
      case "floor" -> a.setScale(0, RoundingMode.FLOOR);
      case "ceil" -> a.setScale(0, RoundingMode.CEILING);
      case "min" -> a.min(b);
      case "max" -> a.max(b);
      default -> throw errorAt(start, "unknown function '" + name + "'");
    };
  }

  private boolean eat(char c) {
    skip();
    if (pos < src.length() && src.charAt(pos) == c) {
      pos++;
      return true;
    }
    return false;
  }

  private void expect(char c) {
    if (!eat(c)) {
      throw error("expected '" + c + "'");
    }
  }

  private void skip() {
    while (pos < src.length() && Character.isWhitespace(src.charAt(pos))) {
      pos++;
    }
  }

  private ToolException error(String message) {
    return errorAt(pos, message);
  }

  private ToolException errorAt(int at, String message) {
    return new ToolException(message + " at position " + (at + 1) + " of '" + src + "'");
  }
}
