package io.ponybunny.llm.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ponybunny.llm.api.ToolSpec;
import io.ponybunny.llm.json.JsonSupport;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

class ToolDeclarationTest {

  private static final JsonObject SCHEMA =
      JsonSupport.readValue("{\"type\":\"object\",\"required\":[\"a\"]}").asJsonObject();

  @Test
  void nameDescriptionAndSchemaUnderTheProtocolsMember() {
    assertEquals(
        "{\"name\":\"f\",\"description\":\"does f\",\"input_schema\":"
            + "{\"type\":\"object\",\"required\":[\"a\"]}}",
        ToolDeclaration.of(new ToolSpec("f", "does f", SCHEMA), "input_schema", null).toJson());
  }

  @Test
  void aToolWithoutSchemaGetsTheStandInOrNone() {
    ToolSpec bare = new ToolSpec("f", null, null);
    assertEquals(
        "{\"name\":\"f\",\"parameters\":{\"type\":\"object\"}}",
        ToolDeclaration.of(bare, "parameters", ToolDeclaration.OBJECT_SCHEMA).toJson());
    assertEquals("{\"name\":\"f\"}", ToolDeclaration.of(bare, "parameters", null).toJson());
  }
}
