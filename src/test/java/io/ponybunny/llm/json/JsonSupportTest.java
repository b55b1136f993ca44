package io.ponybunny.llm.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonSupportTest {

  @Test
  void textWithNothingToEscapeIsReturnedAsIsWithoutACopy() {
    String plain = "plain text, é and \ud83d\ude00 / <b>";
    assertSame(plain, JsonSupport.escaped(plain));
  }

  @ParameterizedTest
  @ValueSource(strings = {"quote \" here", "back\\slash", "line\nbreak\ttab", "\u0000\u001f", "\""})
  void escapedTextIsTheInsideOfTheGeneratorsStringLiteral(String text) {
    String literal = JsonSupport.quote(text);
    assertEquals(literal.substring(1, literal.length() - 1), JsonSupport.escaped(text));
  }
}
