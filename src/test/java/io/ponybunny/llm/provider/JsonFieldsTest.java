package io.ponybunny.llm.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ponybunny.llm.json.JsonSupport;
import jakarta.json.JsonValue;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonFieldsTest {

  @Test
  void membersKeepTheOrderTheyWereAddedIn() {
    String json =
        JsonFields.object()
            .add("z", "last letter")
            .add("a", 1)
            .add("m", true)
            .add("b", JsonValue.NULL)
            .add("arr", JsonSupport.arrayBuilder().add(2))
            .add("obj", JsonFields.object().add("k", false))
            .toJson();
    assertEquals(
        "{\"z\":\"last letter\",\"a\":1,\"m\":true,\"b\":null,\"arr\":[2],\"obj\":{\"k\":false}}",
        json);
  }

  @Test
  void aNullableStringIsJsonNullWhenAbsent() {
    assertEquals(
        "{\"a\":null,\"b\":\"x\"}",
        JsonFields.object().addOrNull("a", null).addOrNull("b", "x").toJson());
  }

  @Test
  void absentOptionalMembersAreLeftOut() {
    JsonFields f =
        JsonFields.object()
            .addIfPresent("s", (String) null)
            .addIfPresent("i", (Integer) null)
            .addIfPresent("d", (Double) null)
            .addIfPresent("v", (JsonValue) null)
            .addIfNotEmpty("o", JsonFields.object().addIfPresent("x", (String) null))
            .addIfAny("list", List.<String>of(), s -> JsonFields.object().add("s", s));
    assertTrue(f.isEmpty());
    assertEquals("{}", f.toJson());
  }

  @Test
  void presentOptionalMembersAreAdded() {
    JsonFields f =
        JsonFields.object()
            .addIfPresent("s", "x")
            .addIfPresent("i", 0)
            .addIfPresent("d", 0.0)
            .addIfPresent("v", JsonValue.EMPTY_JSON_OBJECT)
            .addIfNotEmpty("o", JsonFields.object().add("k", 1))
            .addIfAny("list", List.of("a", "b"), s -> JsonFields.object().add("s", s));
    assertFalse(f.isEmpty());
    assertEquals(
        "{\"s\":\"x\",\"i\":0,\"d\":0.0,\"v\":{},\"o\":{\"k\":1},"
            + "\"list\":[{\"s\":\"a\"},{\"s\":\"b\"}]}",
        f.toJson());
  }

  @Test
  void addAllAppendsTheOtherMembersInTheirOrder() {
    JsonFields f =
        JsonFields.object().add("type", "t").addAll(JsonFields.object().add("b", 1).add("a", 2));
    assertEquals("{\"type\":\"t\",\"b\":1,\"a\":2}", f.toJson());
    assertTrue(JsonFields.object().addAll(JsonFields.object()).isEmpty());
  }
}
