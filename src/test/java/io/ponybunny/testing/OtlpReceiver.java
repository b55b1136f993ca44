package io.ponybunny.testing;

import com.google.protobuf.InvalidProtocolBufferException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * An OTLP/HTTP receiver for the ITs: a JDK HTTP server on 127.0.0.1 that accepts protobuf exports
 * on {@code POST /v1/traces} and {@code /v1/metrics} (and answers {@code /v1/logs} without reading
 * it), decodes them with the OTLP protobuf messages and keeps every span and metric it receives.
 */
public final class OtlpReceiver implements AutoCloseable {

  private static final String PROTOBUF = "application/x-protobuf";

  private final HttpServer server;
  private final List<Span> spans = new ArrayList<>();
  private final List<Metric> metrics = new ArrayList<>();

  private OtlpReceiver(int port) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    server.createContext("/v1/traces", this::traces);
    server.createContext("/v1/metrics", this::metrics);
    server.createContext("/v1/logs", exchange -> answer(exchange, 200, new byte[0]));
    server.start();
  }

  /** Listens on 127.0.0.1:{@code port}. */
  public static OtlpReceiver listen(int port) throws IOException {
    return new OtlpReceiver(port);
  }

  private void traces(HttpExchange exchange) throws IOException {
    ExportTraceServiceRequest request;
    try {
      request = ExportTraceServiceRequest.parseFrom(body(exchange));
    } catch (InvalidProtocolBufferException e) {
      answer(exchange, 400, new byte[0]);
      return;
    }
    synchronized (spans) {
      for (ResourceSpans r : request.getResourceSpansList()) {
        for (ScopeSpans s : r.getScopeSpansList()) {
          spans.addAll(s.getSpansList());
        }
      }
    }
    answer(exchange, 200, ExportTraceServiceResponse.getDefaultInstance().toByteArray());
  }

  private void metrics(HttpExchange exchange) throws IOException {
    ExportMetricsServiceRequest request;
    try {
      request = ExportMetricsServiceRequest.parseFrom(body(exchange));
    } catch (InvalidProtocolBufferException e) {
      answer(exchange, 400, new byte[0]);
      return;
    }
    synchronized (metrics) {
      for (ResourceMetrics r : request.getResourceMetricsList()) {
        for (ScopeMetrics s : r.getScopeMetricsList()) {
          metrics.addAll(s.getMetricsList());
        }
      }
    }
    answer(exchange, 200, ExportMetricsServiceResponse.getDefaultInstance().toByteArray());
  }

  private static byte[] body(HttpExchange exchange) throws IOException {
    InputStream in = exchange.getRequestBody();
    if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
      in = new GZIPInputStream(in);
    }
    try (InputStream body = in) {
      return body.readAllBytes();
    }
  }

  private static void answer(HttpExchange exchange, int status, byte[] body) throws IOException {
    exchange.getRequestBody().close();
    exchange.getResponseHeaders().set("Content-Type", PROTOBUF);
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
    exchange.close();
  }

  /** Every span received so far. */
  public List<Span> spans() {
    synchronized (spans) {
      return List.copyOf(spans);
    }
  }

  /** The spans of the trace {@code traceId} (hex) received so far. */
  public List<Span> trace(String traceId) {
    return spans().stream().filter(s -> hex(s.getTraceId().toByteArray()).equals(traceId)).toList();
  }

  /** Every data export of the metric {@code name} received so far, oldest first. */
  public List<Metric> metric(String name) {
    synchronized (metrics) {
      return metrics.stream().filter(m -> m.getName().equals(name)).toList();
    }
  }

  /** The span's id, its parent's or its trace's id in hex. */
  public static String hex(byte[] id) {
    return HexFormat.of().formatHex(id);
  }

  public static String spanId(Span s) {
    return hex(s.getSpanId().toByteArray());
  }

  public static String parentId(Span s) {
    return hex(s.getParentSpanId().toByteArray());
  }

  /** The attribute {@code key} of {@code attributes}, if present. */
  public static Optional<AnyValue> attribute(List<KeyValue> attributes, String key) {
    return attributes.stream()
        .filter(a -> a.getKey().equals(key))
        .map(KeyValue::getValue)
        .findFirst();
  }

  /** A string attribute of the span, or null. */
  public static String string(Span s, String key) {
    return attribute(s.getAttributesList(), key).map(AnyValue::getStringValue).orElse(null);
  }

  /** An integer attribute of the span, or null. */
  public static Long integer(Span s, String key) {
    return attribute(s.getAttributesList(), key).map(AnyValue::getIntValue).orElse(null);
  }

  /** A double attribute of the span, or null. */
  public static Double decimal(Span s, String key) {
    return attribute(s.getAttributesList(), key).map(AnyValue::getDoubleValue).orElse(null);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
