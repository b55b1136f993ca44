package io.ponybunny.testing;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/**
 * A server-sent event client on a plain socket (HTTP/1.1, chunked or not), as the ITs' admin unless
 * told otherwise: it reads the response on its own thread and records every event with the moment
 * it arrived, so tests see exactly what went over the wire and when, and can drop the connection at
 * any point ({@link #close}, or after a number of events: {@link Request#dropAfterEvents}). A
 * non-200 answer is kept whole ({@link #body}).
 */
public final class SseClient implements AutoCloseable {

  /**
   * One event: its {@code id} (null when none), name ({@code message} when none), data, and when it
   * arrived ({@link System#nanoTime()}).
   */
  public record Event(String id, String name, String data, long arrivedNanos) {

    public JsonObject json() {
      try (var reader = Json.createReader(new StringReader(data))) {
        return reader.readObject();
      }
    }

    /** The channel epoch of an id {@code <epoch>:<seq>}. */
    public String epoch() {
      return id.substring(0, id.lastIndexOf(':'));
    }

    /** The channel seq of an id {@code <epoch>:<seq>}. */
    public long seq() {
      return Long.parseLong(id.substring(id.lastIndexOf(':') + 1));
    }

    /**
     * The WebSocket message this event stands for (a snapshot frame is the event's data; any other
     * event becomes an event frame), for {@link ChannelCheck}.
     */
    public JsonObject frame() {
      if ("snapshot".equals(name)) {
        return json();
      }
      return Json.createObjectBuilder()
          .add("type", "event")
          .add("event", name)
          .add("epoch", epoch())
          .add("seq", seq())
          .add("data", json())
          .build();
    }
  }

  /** A request to make: method, path, headers and body. */
  public static final class Request {
    private final String method;
    private final String path;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private String body;
    private int dropAfter = Integer.MAX_VALUE;
    private InetSocketAddress server = new InetSocketAddress("localhost", TestServer.PORT);

    private Request(String method, String path) {
      this.method = method;
      this.path = path;
      headers.put("Accept", "text/event-stream");
      headers.put("Authorization", TestServer.authorization());
    }

    public Request header(String name, String value) {
      if (value == null) {
        headers.remove(name);
      } else {
        headers.put(name, value);
      }
      return this;
    }

    public Request json(String json) {
      this.body = json;
      headers.put("Content-Type", "application/json");
      return this;
    }

    /** Closes the connection once {@code events} events arrived (later bytes are not read). */
    public Request dropAfterEvents(int events) {
      this.dropAfter = events;
      return this;
    }

    /** Sends the request and reads the answer's status and headers; the events come after. */
    public SseClient open() {
      return SseClient.open(this);
    }
  }

  public static Request get(String path) {
    return new Request("GET", path);
  }

  public static Request post(String path, String json) {
    return new Request("POST", path).json(json);
  }

  private final Socket socket;
  private final InputStream in;
  private final int status;
  private final Map<String, String> responseHeaders;
  private final int dropAfter;
  private final List<Event> events = new ArrayList<>();
  private final CompletableFuture<Void> ended = new CompletableFuture<>();
  private String body = "";
  private int comments;

  private SseClient(
      Socket socket, InputStream in, int status, Map<String, String> headers, int dropAfter) {
    this.socket = socket;
    this.in = in;
    this.status = status;
    this.responseHeaders = headers;
    this.dropAfter = dropAfter;
  }

  private static SseClient open(Request r) {
    Socket socket = new Socket();
    try {
      socket.connect(r.server, 20_000);
      socket.setSoTimeout(60_000);
      byte[] payload = r.body == null ? new byte[0] : r.body.getBytes(StandardCharsets.UTF_8);
      StringBuilder head =
          new StringBuilder(r.method)
              .append(' ')
              .append(r.path)
              .append(" HTTP/1.1\r\nHost: ")
              .append(r.server.getHostString())
              .append(':')
              .append(r.server.getPort())
              .append("\r\n");
      r.headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
      if (r.body != null) {
        head.append("Content-Length: ").append(payload.length).append("\r\n");
      }
      head.append("\r\n");
      OutputStream out = socket.getOutputStream();
      out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
      out.write(payload);
      out.flush();
      InputStream raw = new BufferedInputStream(socket.getInputStream());
      String statusLine = line(raw);
      int status = Integer.parseInt(statusLine.split(" ")[1]);
      Map<String, String> headers = new LinkedHashMap<>();
      for (String h = line(raw); !h.isEmpty(); h = line(raw)) {
        int colon = h.indexOf(':');
        headers.put(
            h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
      }
      InputStream body;
      if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
        body = new Chunked(raw);
      } else if (headers.containsKey("content-length")) {
        body =
            new java.io.ByteArrayInputStream(
                raw.readNBytes(Integer.parseInt(headers.get("content-length"))));
      } else {
        body = raw;
      }
      SseClient client = new SseClient(socket, body, status, headers, r.dropAfter);
      client.start();
      return client;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void start() {
    Thread reader = new Thread(this::readAll, "sse-reader");
    reader.setDaemon(true);
    reader.start();
  }

  private void readAll() {
    try {
      if (status != 200) {
        body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        return;
      }
      String id = null;
      String name = null;
      StringBuilder data = null;
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      int b;
      while ((b = in.read()) >= 0) {
        if (b != '\n') {
          if (b != '\r') {
            line.write(b);
          }
          continue;
        }
        String l = line.toString(StandardCharsets.UTF_8);
        line.reset();
        if (l.isEmpty()) {
          if (data != null) {
            Event e =
                new Event(id, name == null ? "message" : name, data.toString(), System.nanoTime());
            int count;
            synchronized (this) {
              events.add(e);
              count = events.size();
              notifyAll();
            }
            if (count >= dropAfter) {
              socket.close();
              return;
            }
          }
          name = null;
          data = null;
        } else if (l.startsWith(":")) {
          synchronized (this) {
            comments++;
          }
        } else {
          int colon = l.indexOf(':');
          String field = colon < 0 ? l : l.substring(0, colon);
          String value = colon < 0 ? "" : l.substring(colon + 1);
          if (value.startsWith(" ")) {
            value = value.substring(1);
          }
          switch (field) {
            case "id" -> id = value;
            case "event" -> name = value;
            case "data" ->
                data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
            default -> {
              // retry and unknown fields
            }
          }
        }
      }
    } catch (IOException e) {
      // the connection was dropped
    } finally {
      ended.complete(null);
      synchronized (this) {
        notifyAll();
      }
    }
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) >= 0 && c != '\n') {
      if (c != '\r') {
        b.write(c);
      }
    }
    return b.toString(StandardCharsets.ISO_8859_1);
  }

  public int status() {
    return status;
  }

  /** A response header (name in any case), or null. */
  public String header(String name) {
    return responseHeaders.get(name.toLowerCase(Locale.ROOT));
  }

  /** The whole body of a non-200 answer (once it ended). */
  public String body() {
    ended.join();
    return body;
  }

  public synchronized List<Event> events() {
    return List.copyOf(events);
  }

  public synchronized int comments() {
    return comments;
  }

  /** Completes when the server ended the response or the connection dropped. */
  public CompletableFuture<Void> ended() {
    return ended;
  }

  /** Waits for an event matching {@code match}; fails after {@code timeout}. */
  public Event await(Predicate<Event> match, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (this) {
      while (true) {
        for (Event e : events) {
          if (match.test(e)) {
            return e;
          }
        }
        long left = deadline - System.nanoTime();
        if (left <= 0 || ended.isDone()) {
          throw new AssertionError("no such event in time; got " + events);
        }
        try {
          wait(Math.max(1, left / 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError("interrupted");
        }
      }
    }
  }

  /** Waits for the event named {@code name}. */
  public Event await(String name, Duration timeout) {
    return await(e -> name.equals(e.name()), timeout);
  }

  /** Drops the connection. */
  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      // closed already
    }
  }

  /** A chunked body (RFC 9112 section 7.1), trailers ignored. */
  private static final class Chunked extends InputStream {
    private final InputStream in;
    private long left;
    private boolean done;

    Chunked(InputStream in) {
      this.in = in;
    }

    @Override
    public int read() throws IOException {
      if (done) {
        return -1;
      }
      if (left == 0) {
        String size = line(in);
        if (size.isEmpty()) {
          size = line(in); // the CRLF after the previous chunk
        }
        int semicolon = size.indexOf(';');
        left = Long.parseLong((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
        if (left == 0) {
          done = true;
          return -1;
        }
      }
      int b = in.read();
      if (b < 0) {
        throw new IOException("the connection ended inside a chunk");
      }
      left--;
      return b;
    }
  }
}
