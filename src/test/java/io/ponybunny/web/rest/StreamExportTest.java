package io.ponybunny.web.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ponybunny.client.StreamRecord;
import io.ponybunny.llm.json.JsonSupport;
import jakarta.json.JsonArray;
import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamExportTest {

  private static StreamRecord record(String prompt, String content) {
    return new StreamRecord(
        "req_1",
        "alice",
        "g1",
        null,
        null,
        "sim/demo",
        "sim",
        "completed",
        content,
        2,
        10,
        2,
        12,
        null,
        new BigDecimal("0.000120000"),
        120L,
        900L,
        "stop",
        null,
        "2026-12-06T10:00:00Z",
        "2026-12-06T10:00:01Z",
        null,
        null,
        "api",
        null,
        List.of(),
        null,
        prompt,
        null);
  }

  private static String export(boolean csv, StreamRecord... records) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (StreamExport e = new StreamExport(out, csv)) {
      for (StreamRecord r : records) {
        e.write(r);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void csvHasOneHeaderRowAndQuotesWhatWouldBreakARow() throws Exception {
    String csv = export(true, record("Say \"hi\", twice", "line one\nline two"));
    String[] lines = csv.split("\r\n", -1);
    assertEquals(String.join(",", StreamExport.COLUMNS), lines[0]);
    assertTrue(csv.contains(",\"Say \"\"hi\"\", twice\",\"line one\nline two\"\r\n"), csv);
    assertTrue(csv.contains(",0.000120000,"), "amounts as plain decimals: " + csv);
  }

  @Test
  void anExportCountsTheCharactersItWrote() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (StreamExport e = new StreamExport(out, true)) {
      assertEquals(0, e.chars());
      e.write(record("p".repeat(1000), "c".repeat(5000)));
      assertTrue(e.chars() >= 6000 && e.chars() < 6200, String.valueOf(e.chars()));
    }
  }

  @Test
  void aCellASpreadsheetWouldReadAsAFormulaIsDefused() {
    assertEquals("\"'=HYPERLINK(\"\"x\"\")\"", StreamExport.cell("=HYPERLINK(\"x\")"));
    assertEquals("'+1", StreamExport.cell("+1"));
    assertEquals("'@SUM(A1)", StreamExport.cell("@SUM(A1)"));
    assertEquals("-5", StreamExport.cell(-5L), "numbers stay numbers");
    assertEquals("", StreamExport.cell(null));
  }

  @Test
  void jsonIsAnArrayOfTheRecordsWithPromptAndAnswer() throws Exception {
    String json = export(false, record("Why?", "Because."), record(null, ""));
    JsonArray array = JsonSupport.provider().createReader(new StringReader(json)).readArray();
    assertEquals(2, array.size());
    assertEquals("Why?", array.getJsonObject(0).getString("prompt"));
    assertEquals("Because.", array.getJsonObject(0).getString("content"));
    assertEquals(120, array.getJsonObject(0).getInt("ttftMs"));
    assertTrue(array.getJsonObject(1).isNull("prompt"));
  }
}
