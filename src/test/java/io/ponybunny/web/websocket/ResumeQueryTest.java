package io.ponybunny.web.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.ponybunny.broadcast.StreamPosition;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResumeQueryTest {

  private static Map<String, List<String>> query(String epoch, String since) {
    Map<String, List<String>> params = new HashMap<>();
    if (epoch != null) {
      params.put("epoch", List.of(epoch));
    }
    if (since != null) {
      params.put("since", List.of(since));
    }
    return params;
  }

  @Test
  void noResumePointIsAFirstConnection() {
    ResumeQuery q = ResumeQuery.parse(query(null, null));
    assertNull(q.position());
    assertNull(q.refusal());
  }

  @Test
  void bothMakeAPosition() {
    ResumeQuery q = ResumeQuery.parse(query("abc-1.2_x", "42"));
    assertEquals(new StreamPosition("abc-1.2_x", 42), q.position());
    assertNull(q.refusal());
  }

  @ParameterizedTest(name = "epoch={0} since={1}: {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "e1 | -1 | invalid since: a non-negative integer",
        "e1 | x | invalid since: a non-negative integer",
        "e1 | 99999999999999999999 | invalid since: a non-negative integer",
        "e/1 | 3 | invalid epoch",
        "e/1 | | invalid epoch",
        "e1 | | resume needs both epoch and since",
        " | 3 | resume needs both epoch and since",
        "e/1 | x | invalid since: a non-negative integer"
      })
  void aMalformedResumePointIsRefused(String epoch, String since, String reason) {
    ResumeQuery q = ResumeQuery.parse(query(epoch, since));
    assertEquals(reason, q.refusal());
    assertNull(q.position());
  }
}
