package io.ponybunny.web.rest;

import io.ponybunny.client.StreamRecord;
import io.ponybunny.llm.json.JsonSupport;
import jakarta.json.stream.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes a history search's records as a download, page by page as they are read: JSON (an array of
 * the records as {@code GET /api/streams/{requestId}} shows them, without timings) or CSV (RFC
 * 4180, one header row). Prompts and answers are untrusted text: a CSV cell that a spreadsheet
 * would read as a formula ({@code = + - @}, tab, carriage return at its start) gets a leading
 * apostrophe.
 */
final class StreamExport implements AutoCloseable {

  /** The CSV columns, in order. */
  static final List<String> COLUMNS =
      List.of(
          "requestId",
          "startedAt",
          "finishedAt",
          "status",
          "model",
          "provider",
          "goalId",
          "owner",
          "client",
          "ttftMs",
          "durationMs",
          "inputTokens",
          "outputTokens",
          "costUsd",
          "finishReason",
          "error",
          "prompt",
          "content");

  private final boolean csv;
  private final Writer writer;
  private final JsonGenerator json;
  private long chars;

  /** An export to {@code out} as CSV ({@code csv}) or JSON; writes the header (or the '['). */
  StreamExport(OutputStream out, boolean csv) throws IOException {
    this.csv = csv;
    this.writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
    if (csv) {
      json = null;
      writer.write(String.join(",", COLUMNS));
      writer.write("\r\n");
    } else {
      json = JsonSupport.provider().createGenerator(writer);
      json.writeStartArray();
    }
  }

  /** Writes one record. */
  void write(StreamRecord r) throws IOException {
    List<Object> values =
        java.util.Arrays.asList(
            r.requestId(),
            r.startedAt(),
            r.finishedAt(),
            r.status(),
            r.model(),
            r.provider(),
            r.goalId(),
            r.owner(),
            r.client(),
            r.ttftMs(),
            r.durationMs(),
            r.inputTokens(),
            r.outputTokens(),
            r.costUsd(),
            r.finishReason(),
            r.error(),
            r.prompt(),
            r.content());
    for (Object v : values) {
      chars += v == null ? 0 : v.toString().length();
    }
    if (csv) {
      for (int i = 0; i < values.size(); i++) {
        if (i > 0) {
          writer.write(',');
        }
        writer.write(cell(values.get(i)));
      }
      writer.write("\r\n");
    } else {
      json.writeStartObject();
      for (int i = 0; i < values.size(); i++) {
        Object v = values.get(i);
        String name = COLUMNS.get(i);
        if (v == null) {
          json.writeNull(name);
        } else if (v instanceof BigDecimal d) {
          json.write(name, d);
        } else if (v instanceof Number n) {
          json.write(name, n.longValue());
        } else {
          json.write(name, v.toString());
        }
      }
      json.writeEnd();
    }
  }

  /** About how many characters the records written so far took (their values' text). */
  long chars() {
    return chars;
  }

  /** One CSV cell: quoted when it holds a comma, quote or line break; formulas defused. */
  static String cell(Object value) {
    if (value == null) {
      return "";
    }
    String s = value instanceof BigDecimal d ? d.toPlainString() : value.toString();
    if (!(value instanceof Number) && !s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0) {
      s = "'" + s;
    }
    if (s.indexOf(',') >= 0
        || s.indexOf('"') >= 0
        || s.indexOf('\n') >= 0
        || s.indexOf('\r') >= 0) {
      return '"' + s.replace("\"", "\"\"") + '"';
    }
    return s;
  }

  /** Ends the document (the ']') and flushes it. */
  @Override
  public void close() throws IOException {
    if (json != null) {
      json.writeEnd();
      json.flush();
    }
    writer.flush();
  }
}
