package io.ponybunny.bench;

import io.ponybunny.llm.json.JsonSupport;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Turns JMH's JSON result of {@link ParserBenchmark} into a Markdown table (protocol, ns/chunk,
 * bytes/chunk, target met?) on standard output and {@code parsers.json} beside it. The target is at
 * most 1 µs and 1 KB per chunk.
 *
 * <p>Arguments: the JMH result file and the output file.
 */
public final class ParserBenchReport {

  static final double MAX_NS = 1000;
  static final double MAX_BYTES = 1024;

  private ParserBenchReport() {}

  public static void main(String[] args) throws IOException {
    Path in = Path.of(args.length > 0 ? args[0] : "target/jmh-parsers.json");
    Path out = Path.of(args.length > 1 ? args[1] : "target/bench/parsers.json");
    JsonArray runs =
        (JsonArray) JsonSupport.readValue(Files.readString(in, StandardCharsets.UTF_8));
    StringBuilder table = new StringBuilder();
    table.append("| protocol | ns/chunk | bytes/chunk | target met? |\n");
    table.append("|---|---:|---:|---|\n");
    JsonArrayBuilder rows = JsonSupport.arrayBuilder();
    boolean allMet = true;
    for (JsonValue v : runs) {
      JsonObject run = (JsonObject) v;
      if (!run.getString("benchmark").endsWith("ParserBenchmark.parseStream")) {
        continue;
      }
      String protocol = run.getJsonObject("params").getString("protocol");
      double ns = run.getJsonObject("primaryMetric").getJsonNumber("score").doubleValue();
      JsonObject secondary = run.getJsonObject("secondaryMetrics");
      JsonObject norm = secondary == null ? null : secondary.getJsonObject("gc.alloc.rate.norm");
      double bytes = norm == null ? Double.NaN : norm.getJsonNumber("score").doubleValue();
      boolean met = ns <= MAX_NS && bytes <= MAX_BYTES;
      allMet &= met;
      table.append(
          String.format(
              Locale.ROOT, "| %s | %.0f | %.0f | %s |%n", protocol, ns, bytes, met ? "yes" : "NO"));
      rows.add(
          JsonSupport.objectBuilder()
              .add("protocol", protocol)
              .add("nsPerChunk", Math.round(ns * 10) / 10.0)
              .add("bytesPerChunk", Double.isNaN(bytes) ? -1 : Math.round(bytes * 10) / 10.0)
              .add("targetMet", met));
    }
    JsonObject result =
        JsonSupport.objectBuilder()
            .add("benchmark", "ParserBenchmark.parseStream")
            .add("chunksPerStream", BenchStreams.CHUNKS)
            .add("targetNsPerChunk", MAX_NS)
            .add("targetBytesPerChunk", MAX_BYTES)
            .add("allTargetsMet", allMet)
            .add("results", rows)
            .build();
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.writeString(out, JsonSupport.toJson(result) + "\n", StandardCharsets.UTF_8);
    System.out.println();
    System.out.print(table);
    System.out.println();
    System.out.println("Written " + out);
  }
}
