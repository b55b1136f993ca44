package io.ponybunny.agent.tools;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.function.Supplier;

/**
 * A small arithmetic expression evaluator (recursive descent, no script engine): numbers, {@code +
 * - * / %}, {@code ^} (right-associative power), parentheses, unary signs, the constants {@code pi}
 * and {@code e}, and the functions {@code sqrt}, {@code abs}, {@code round}, {@code floor}, {@code
 * ceil}, {@code min}, {@code max}. Exact decimal arithmetic where possible (16 significant digits).
 *
 * <p>Every input is evaluated within fixed budgets, checked before the work is done: at most {@link
 * #MAX_LENGTH} characters, {@link #MAX_DEPTH} levels of nesting (parentheses, functions, signs and
 * powers), {@link #MAX_OPERATIONS} operations, exponents up to {@link #MAX_EXPONENT}, and every
 * value, literal or intermediate, zero or between {@code 1e-}{@value #MAX_MAGNITUDE} and {@code
 * 1e}{@value #MAX_MAGNITUDE} in absolute value. A product, quotient or power whose result would
 * leave that range is refused from its operands' magnitudes, before it is computed, so no input can
 * take more than microseconds or more than a few kilobytes.
 */
public final class ExpressionParser {

  private static final MathContext MC = MathContext.DECIMAL64;

  /** Longest expression, in characters. */
  public static final int MAX_LENGTH = 1000;

  /** Deepest nesting of parentheses, function calls, signs and powers. */
  public static final int MAX_DEPTH = 100;

  /** Most operations (binary and unary operators, function calls) in one expression. */
  public static final int MAX_OPERATIONS = 250;

  /** Largest absolute integer exponent of {@code ^}. */
  public static final int MAX_EXPONENT = 9999;

  /** Every non-zero value's decimal exponent stays within {@code ±MAX_MAGNITUDE}. */
  public static final int MAX_MAGNITUDE = 1000;

  private final String src;
  private int pos;
  private int depth;
  private int operations;

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
    try {
      BigDecimal v = p.sum();
      p.skip();
      if (p.pos < p.src.length()) {
        throw p.error("unexpected '" + p.src.charAt(p.pos) + "'");
      }
      return v;
    } catch (ArithmeticException e) {
      throw new ToolException("cannot compute '" + p.src + "': " + e.getMessage());
    } catch (StackOverflowError e) {
      throw new ToolException("expression nested too deeply");
    }
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
      int at = pos;
      if (eat('+')) {
        operation(at);
        v = checked(v.add(product(), MC), at);
      } else if (eat('-')) {
        operation(at);
        v = checked(v.subtract(product(), MC), at);
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
        operation(at);
        BigDecimal f = unary();
        if (v.signum() != 0 && f.signum() != 0) {
          range(magnitude(v) + magnitude(f), at);
        }
        v = checked(v.multiply(f, MC), at);
      } else if (eat('/')) {
        operation(at);
        BigDecimal d = unary();
        if (d.signum() == 0) {
          throw errorAt(at, "division by zero");
        }
        if (v.signum() != 0) {
          range(magnitude(v) - magnitude(d), at);
        }
        v = checked(v.divide(d, MC), at);
      } else if (eat('%')) {
        operation(at);
        BigDecimal d = unary();
        if (d.signum() == 0) {
          throw errorAt(at, "modulo by zero");
        }
        if (v.signum() != 0 && magnitude(v) - magnitude(d) >= MC.getPrecision()) {
          throw errorAt(
              at,
              "modulo of numbers more than "
                  + MC.getPrecision()
                  + " orders of magnitude apart is not exact");
        }
        v = checked(v.remainder(d, MC), at);
      } else {
        return v;
      }
    }
  }

  private BigDecimal unary() {
    skip();
    int at = pos;
    if (eat('-')) {
      return nested(at, () -> unary().negate());
    }
    if (eat('+')) {
      return nested(at, this::unary);
    }
    return power();
  }

  private BigDecimal power() {
    BigDecimal base = atom();
    int at = pos;
    if (eat('^')) {
      BigDecimal exp = nested(at, this::unary); // right-associative: 2^3^2 = 2^9
      return checked(pow(base, exp, at), at);
    }
    return base;
  }

  /** One operation whose operand nests one level deeper (a sign or a power's exponent). */
  private BigDecimal nested(int at, Supplier<BigDecimal> operand) {
    operation(at);
    enter();
    try {
      return operand.get();
    } finally {
      depth--;
    }
  }

  private BigDecimal pow(BigDecimal base, BigDecimal exp, int at) {
    if (exp.signum() == 0) {
      return BigDecimal.ONE;
    }
    if (base.signum() == 0) {
      if (exp.signum() < 0) {
        throw errorAt(at, "division by zero");
      }
      return BigDecimal.ZERO;
    }
    if (exp.abs().compareTo(BigDecimal.valueOf(MAX_EXPONENT)) > 0) {
      throw errorAt(at, "exponent larger than " + MAX_EXPONENT);
    }
    // log10 of the result, from the operands alone: refuse before computing anything huge.
    double log10 = exp.doubleValue() * log10(base.abs());
    if (Math.abs(log10) > MAX_MAGNITUDE + 1) {
      throw errorAt(at, "result " + outOfRange(log10 > 0));
    }
    BigDecimal integral = exp.stripTrailingZeros();
    if (integral.scale() <= 0) {
      return base.pow(integral.intValueExact(), MC);
    }
    if (base.signum() < 0) {
      throw errorAt(at, "power is not a real number");
    }
    double d = Math.pow(base.doubleValue(), exp.doubleValue());
    if (Double.isNaN(d) || Double.isInfinite(d) || d == 0) {
      throw errorAt(at, "power is not a real number within range");
    }
    return new BigDecimal(d, MC);
  }

  private BigDecimal atom() {
    skip();
    enter();
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
    BigDecimal v;
    try {
      v = new BigDecimal(text, MC);
    } catch (NumberFormatException e) {
      throw errorAt(start, "bad number '" + src.substring(start, pos) + "'");
    }
    return checked(v, start);
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
    operation(start);
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
    BigDecimal v =
        switch (name) {
          case "sqrt" -> {
            if (a.signum() < 0) {
              throw errorAt(start, "square root of a negative number");
            }
            yield a.sqrt(MC);
          }
          case "abs" -> a.abs();
          // setScale(0) of a value within range has at most MAX_MAGNITUDE + 1 digits; round(MC)
          // keeps the usual precision for what follows.
          case "round" -> a.setScale(0, RoundingMode.HALF_UP).round(MC);
          case "floor" -> a.setScale(0, RoundingMode.FLOOR).round(MC);
          case "ceil" -> a.setScale(0, RoundingMode.CEILING).round(MC);
          case "min" -> a.min(b);
          case "max" -> a.max(b);
          default -> throw errorAt(start, "unknown function '" + name + "'");
        };
    return checked(v, start);
  }

  private void enter() {
    if (++depth > MAX_DEPTH) {
      throw error("expression nested more than " + MAX_DEPTH + " levels deep");
    }
  }

  private void operation(int at) {
    if (++operations > MAX_OPERATIONS) {
      throw errorAt(at, "more than " + MAX_OPERATIONS + " operations");
    }
  }

  /** The decimal exponent of a non-zero value: 2 for 123, -3 for 0.00123. */
  private static long magnitude(BigDecimal v) {
    return (long) v.precision() - v.scale() - 1;
  }

  private static double log10(BigDecimal positive) {
    long e = magnitude(positive);
    return e + Math.log10(positive.movePointLeft((int) e).doubleValue());
  }

  /** Refuses a result whose decimal exponent, estimated from the operands, is out of range. */
  private void range(long estimatedMagnitude, int at) {
    if (estimatedMagnitude > MAX_MAGNITUDE || estimatedMagnitude < -MAX_MAGNITUDE - 1) {
      throw errorAt(at, "result " + outOfRange(estimatedMagnitude > 0));
    }
  }

  /** {@code v}, or an error when it is out of range; zero of any scale becomes plain zero. */
  private BigDecimal checked(BigDecimal v, int at) {
    if (v.signum() == 0) {
      return BigDecimal.ZERO;
    }
    long m = magnitude(v);
    if (m > MAX_MAGNITUDE || m < -MAX_MAGNITUDE) {
      throw errorAt(at, "value " + outOfRange(m > 0));
    }
    return v;
  }

  private static String outOfRange(boolean large) {
    return large
        ? "too large: the calculator works with magnitudes up to 1e" + MAX_MAGNITUDE
        : "too small: the calculator works with magnitudes down to 1e-" + MAX_MAGNITUDE;
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
