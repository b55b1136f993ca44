package io.ponybunny.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The shared output of every benchmark: rows of named values, printed as a Markdown table and
 * written as JSON to {@code target/bench/<id>.json} (directory from {@code -Dbench.out}).
 */
public final class BenchReport {

  private final String id;
  private final String title;
  private final List<String> columns;
  private final List<Map<String, Object>> rows = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();

  public BenchReport(String id, String title, String... columns) {
    this.id = id;
    this.title = title;
    this.columns = List.of(columns);
  }

  /** Adds a row; values in column order (numbers or strings). */
  public void row(Object... values) {
    Map<String, Object> row = new LinkedHashMap<>();
    for (int i = 0; i < columns.size(); i++) {
      row.put(columns.get(i), values[i]);
    }
    rows.add(row);
  }

  public void note(String note) {
    notes.add(note);
  }

  /** Prints the Markdown table and writes the JSON file. */
  public void publish() throws IOException {
    StringBuilder md = new StringBuilder("\n### ").append(id).append(": ").append(title);
    md.append("\n\n| ").append(String.join(" | ", columns)).append(" |\n|");
    columns.forEach(c -> md.append("---|"));
    md.append('\n');
    for (Map<String, Object> row : rows) {
      md.append("| ");
      for (String c : columns) {
        md.append(format(row.get(c))).append(" | ");
      }
      md.setLength(md.length() - 1);
      md.append('\n');
    }
    for (String n : notes) {
      md.append("\n").append(n);
    }
    System.out.println(md.append('\n'));

    Path dir = Path.of(System.getProperty("bench.out", "target/bench"));
    Files.createDirectories(dir);
    StringBuilder json = new StringBuilder("{\"id\":").append(quote(id));
    json.append(",\"title\":").append(quote(title)).append(",\"rows\":[");
    for (int r = 0; r < rows.size(); r++) {
      json.append(r > 0 ? "," : "").append('{');
      int i = 0;
      for (Map.Entry<String, Object> e : rows.get(r).entrySet()) {
        json.append(i++ > 0 ? "," : "").append(quote(e.getKey())).append(':');
        Object v = e.getValue();
        json.append(v instanceof Number ? v.toString() : quote(String.valueOf(v)));
      }
      json.append('}');
    }
    json.append("],\"notes\":[");
    for (int i = 0; i < notes.size(); i++) {
      json.append(i > 0 ? "," : "").append(quote(notes.get(i)));
    }
    json.append("]}\n");
    Files.writeString(dir.resolve(id.toLowerCase(Locale.ROOT) + ".json"), json);
  }

  private static String format(Object v) {
    if (v instanceof Double d) {
      return String.format(Locale.ROOT, "%.2f", d);
    }
    return String.valueOf(v);
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
