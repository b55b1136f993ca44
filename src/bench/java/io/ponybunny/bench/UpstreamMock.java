package io.ponybunny.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The benchmarks' upstream: a stand-alone process serving OpenAI chat ({@code
 * /v1/chat/completions}), Anthropic ({@code /v1/messages}) and Gemini ({@code
 * /v1beta/models/{m}:streamGenerateContent}) SSE streams at a set rate, one chunk per flush. Each
 * chunk's text is {@code @<nanoTime>;}, the send time from {@link System#nanoTime()}
 * (CLOCK_MONOTONIC, shared by processes on one Linux host), so a client computes one-way latency.
 * The model name chooses the stream: {@code c<n>} chunks (default 64) every {@code i<ms>}
 * milliseconds (default 20), e.g. {@code c250-i20}. {@code POST /admin/reset} ends every stream in
 * flight.
 *
 * <p>Argument: the port.
 */
public final class UpstreamMock {

  private static final Pattern MODEL = Pattern.compile("\"model\"\\s*:\\s*\"([^\"]*)\"");
  private static final Pattern GEMINI = Pattern.compile("/models/([^:/]+):");
  private static final Pattern CHUNKS = Pattern.compile("c(\\d+)");
  private static final Pattern INTERVAL = Pattern.compile("i(\\d+)");
  private static final AtomicInteger GENERATION = new AtomicInteger();
  private static final AtomicInteger ACTIVE = new AtomicInteger();

  private UpstreamMock() {}

  public static void main(String[] args) throws IOException {
    // Providers answer with TCP_NODELAY (their edges do); without it, Nagle holds each small chunk
    // written right after the previous one until the client's delayed ACK (~40 ms).
    System.setProperty("sun.net.httpserver.nodelay", "true");
    int port = Integer.parseInt(args[0]);
    HttpServer server = HttpServer.create(new InetSocketAddress(port), 4096);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext("/", UpstreamMock::handle);
    server.start();
    System.out.println("upstream mock listening on " + port);
  }

  private static void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      String path = ex.getRequestURI().getPath();
      if (path.startsWith("/admin/active")) {
        reply(ex, 200, "{\"active\":" + ACTIVE.get() + "}");
        return;
      }
      if (path.startsWith("/admin/reset")) {
        GENERATION.incrementAndGet();
        reply(ex, 200, "{\"active\":" + ACTIVE.get() + "}");
        return;
      }
      String protocol;
      String model;
      if (path.endsWith("/chat/completions")) {
        protocol = "openai";
        model = find(MODEL, body, "x");
      } else if (path.endsWith("/messages")) {
        protocol = "anthropic";
        model = find(MODEL, body, "x");
      } else if (path.contains(":streamGenerateContent")) {
        protocol = "gemini";
        model = find(GEMINI, path, "x");
      } else {
        reply(ex, 404, "{\"error\":{\"message\":\"no such path\"}}");
        return;
      }
      int chunks = Integer.parseInt(find(CHUNKS, model, "64"));
      long intervalNs = TimeUnit.MILLISECONDS.toNanos(Long.parseLong(find(INTERVAL, model, "20")));
      ex.getResponseHeaders().set("Content-Type", "text/event-stream");
      ex.getResponseHeaders().set("Cache-Control", "no-cache");
      ex.sendResponseHeaders(200, 0);
      ACTIVE.incrementAndGet();
      try {
        stream(ex.getResponseBody(), protocol, model, chunks, intervalNs);
      } finally {
        ACTIVE.decrementAndGet();
      }
    } catch (IOException clientGone) {
      // the reader went away: nothing to do
    }
  }

  private static void stream(
      OutputStream out, String protocol, String model, int chunks, long intervalNs)
      throws IOException {
    int generation = GENERATION.get();
    if (protocol.equals("anthropic")) {
      write(
          out,
          "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_b\","
              + "\"type\":\"message\",\"role\":\"assistant\",\"model\":\""
              + model
              + "\",\"content\":[],\"stop_reason\":null,\"usage\":{\"input_tokens\":5,"
              + "\"output_tokens\":1}}}\n\nevent: content_block_start\ndata: {\"type\":"
              + "\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\","
              + "\"text\":\"\"}}\n\n");
    }
    long start = System.nanoTime();
    for (int i = 0; i < chunks; i++) {
      long deadline = start + i * intervalNs;
      long wait;
      while ((wait = deadline - System.nanoTime()) > 0) {
        LockSupport.parkNanos(wait);
      }
      if (GENERATION.get() != generation) {
        return; // reset: cut the stream
      }
      String text = "@" + System.nanoTime() + ";";
      write(out, chunk(protocol, model, text, i == 0));
    }
    switch (protocol) {
      case "openai" ->
          write(
              out,
              "data: {\"id\":\"b\",\"object\":\"chat.completion.chunk\",\"created\":0,\"model\":\""
                  + model
                  + "\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}],"
                  + "\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":"
                  + chunks
                  + ",\"total_tokens\":"
                  + (chunks + 5)
                  + "}}\n\ndata: [DONE]\n\n");
      case "anthropic" ->
          write(
              out,
              "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n"
                  + "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":"
                  + "{\"stop_reason\":\"end_turn\"},\"usage\":{\"output_tokens\":"
                  + chunks
                  + "}}\n\nevent: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
      default ->
          write(
              out,
              "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"\"}],\"role\":"
                  + "\"model\"},\"finishReason\":\"STOP\",\"index\":0}],\"usageMetadata\":"
                  + "{\"promptTokenCount\":5,\"candidatesTokenCount\":"
                  + chunks
                  + ",\"totalTokenCount\":"
                  + (chunks + 5)
                  + "}}\n\n");
    }
  }

  private static String chunk(String protocol, String model, String text, boolean first) {
    return switch (protocol) {
      case "openai" ->
          "data: {\"id\":\"b\",\"object\":\"chat.completion.chunk\",\"created\":0,\"model\":\""
              + model
              + "\",\"choices\":[{\"index\":0,\"delta\":{"
              + (first ? "\"role\":\"assistant\"," : "")
              + "\"content\":\""
              + text
              + "\"},\"finish_reason\":null}]}\n\n";
      case "anthropic" ->
          "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
              + "\"delta\":{\"type\":\"text_delta\",\"text\":\""
              + text
              + "\"}}\n\n";
      default ->
          "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\""
              + text
              + "\"}],\"role\":\"model\"},\"index\":0}]}\n\n";
    };
  }

  private static void write(OutputStream out, String s) throws IOException {
    out.write(s.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  private static void reply(HttpExchange ex, int status, String json) throws IOException {
    byte[] b = json.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, b.length);
    ex.getResponseBody().write(b);
  }

  private static String find(Pattern p, String s, String otherwise) {
    Matcher m = p.matcher(s);
    return m.find() ? m.group(1) : otherwise;
  }
}
