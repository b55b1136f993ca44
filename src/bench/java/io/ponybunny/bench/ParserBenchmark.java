package io.ponybunny.bench;

import io.ponybunny.llm.api.FinishReason;
import io.ponybunny.llm.api.LlmResponse;
import io.ponybunny.llm.api.StreamChunk;
import io.ponybunny.llm.call.ResponseAccumulator;
import io.ponybunny.llm.provider.StreamParser;
import io.ponybunny.llm.provider.anthropic.AnthropicAdapter;
import io.ponybunny.llm.provider.gemini.GeminiStreamParser;
import io.ponybunny.llm.provider.ollama.OllamaAdapter;
import io.ponybunny.llm.provider.openai.OpenAiAdapter;
import io.ponybunny.llm.provider.openai.OpenAiResponsesAdapter;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Replays one long stream per protocol through its {@link StreamParser}, in network-sized reads.
 * One operation is one event (SSE event, JSON-array element or NDJSON line): the score is ns per
 * chunk and, with {@code -prof gc}, {@code gc.alloc.rate.norm} is bytes allocated per chunk.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ParserBenchmark {

  /** Bytes handed to the parser per call, like one socket read. */
  private static final int READ = 4096;

  @Param({"anthropic", "openai", "responses", "gemini-sse", "gemini-json-array", "ollama"})
  public String protocol;

  private byte[] body;
  private Supplier<StreamParser> parsers;

  @Setup
  public void setUp() {
    body = BenchStreams.of(protocol);
    parsers = parserFor(protocol);
    // The stream must parse cleanly, or the benchmark measures an error path.
    StreamParser p = parsers.get();
    ResponseAccumulator acc = new ResponseAccumulator();
    feed(p, body, acc);
    p.endOfStream(acc);
    LlmResponse r = acc.result();
    if (r.error() != null || r.finishReason() != FinishReason.STOP || r.text().isEmpty()) {
      throw new IllegalStateException(protocol + " stream does not parse cleanly: " + r);
    }
  }

  static Supplier<StreamParser> parserFor(String protocol) {
    return switch (protocol) {
      case "anthropic" -> () -> new AnthropicAdapter().newStreamParser("text/event-stream");
      case "openai" -> () -> new OpenAiAdapter().newStreamParser("text/event-stream");
      case "responses" -> () -> new OpenAiResponsesAdapter().newStreamParser("text/event-stream");
      case "gemini-sse" -> GeminiStreamParser::sse;
      case "gemini-json-array" -> GeminiStreamParser::jsonArray;
      case "ollama" -> () -> new OllamaAdapter().newStreamParser("application/x-ndjson");
      default -> throw new IllegalArgumentException(protocol);
    };
  }

  private static void feed(StreamParser p, byte[] body, Consumer<StreamChunk> out) {
    for (int off = 0; off < body.length; off += READ) {
      p.parseStreamChunk(body, off, Math.min(READ, body.length - off), out);
    }
  }

  /** One whole stream: {@link BenchStreams#CHUNKS} operations. */
  @Benchmark
  @OperationsPerInvocation(BenchStreams.CHUNKS)
  public void parseStream(Blackhole bh) {
    StreamParser p = parsers.get();
    Consumer<StreamChunk> out = bh::consume;
    feed(p, body, out);
    p.endOfStream(out);
  }
}
