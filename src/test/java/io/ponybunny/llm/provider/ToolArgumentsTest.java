package io.ponybunny.llm.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ponybunny.llm.api.ToolCall;
import io.ponybunny.llm.json.JsonSupport;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;

class ToolArgumentsTest {

  @Test
  void parsedArgumentsGoAsCompactTextAndAsTheObject() {
    ToolCall call =
        new ToolCall("c", "f", JsonSupport.readValue("{\"a\": [1, 2]}"), "{\"a\": [1, 2]}");
    assertEquals("{\"a\":[1,2]}", ToolArguments.text(call));
    assertEquals(JsonSupport.readValue("{\"a\":[1,2]}"), ToolArguments.object(call));
  }

  @Test
  void argumentsThatDidNotParseGoAsTheRawTextOrAnEmptyObject() {
    ToolCall call = new ToolCall("c", "f", null, "{\"a\":");
    assertEquals("{\"a\":", ToolArguments.text(call));
    assertEquals(JsonValue.EMPTY_JSON_OBJECT, ToolArguments.object(call));
  }

  @Test
  void noArgumentsAtAllAreAnEmptyObjectEitherWay() {
    ToolCall call = new ToolCall("c", "f", null, null);
    assertEquals("{}", ToolArguments.text(call));
    assertEquals(JsonValue.EMPTY_JSON_OBJECT, ToolArguments.object(call));
  }

  @Test
  void argumentsThatAreNoObjectAreAnEmptyObjectWhereAnObjectIsWanted() {
    ToolCall call = new ToolCall("c", "f", JsonSupport.readValue("[1]"), "[1]");
    assertEquals("[1]", ToolArguments.text(call));
    assertEquals(JsonValue.EMPTY_JSON_OBJECT, ToolArguments.object(call));
  }
}
