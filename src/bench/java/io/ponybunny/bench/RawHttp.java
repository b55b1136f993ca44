package io.ponybunny.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The benchmarks' HTTP client: one blocking HTTP/1.1 POST on a plain socket, on a thread of its
 * own, handing the response body's bytes (de-chunked) to a {@link Body} as they are read, with the
 * read time. It adds a read call and a scan to each chunk, no executor hand-off, so the direct path
 * and PonyBunny are measured with the same light client.
 */
final class RawHttp {

  /** Receives the response: its status, then body bytes as they arrive, then the end. */
  interface Body {
    void status(int code);

    void bytes(byte[] buf, int off, int len, long readNanos);

    void end(String error);
  }

  private RawHttp() {}

  /**
   * POSTs {@code json} to {@code http://localhost:port + path} with {@code headers} (name, value,
   * ...) on a new thread; returns at once.
   */
  static void post(int port, String path, String json, Body body, String... headers) {
    Thread t = new Thread(() -> run(port, path, json, body, headers), "raw-http");
    t.setDaemon(true);
    t.start();
  }

  private static void run(int port, String path, String json, Body body, String... headers) {
    try (Socket s = new Socket("localhost", port)) {
      s.setTcpNoDelay(true);
      byte[] payload = json.getBytes(StandardCharsets.UTF_8);
      StringBuilder head =
          new StringBuilder("POST ")
              .append(path)
              .append(" HTTP/1.1\r\nHost: localhost:")
              .append(port)
              .append("\r\nContent-Type: application/json\r\nContent-Length: ")
              .append(payload.length)
              .append("\r\nConnection: close\r\n");
      for (int i = 0; i < headers.length; i += 2) {
        head.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
      }
      head.append("\r\n");
      OutputStream out = s.getOutputStream();
      ByteArrayOutputStream request = new ByteArrayOutputStream();
      request.write(head.toString().getBytes(StandardCharsets.US_ASCII));
      request.write(payload);
      out.write(request.toByteArray());
      out.flush();
      InputStream in = s.getInputStream();
      String status = line(in);
      String[] parts = status.split(" ");
      body.status(parts.length > 1 ? Integer.parseInt(parts[1]) : 0);
      boolean chunked = false;
      long length = -1;
      String h;
      while (!(h = line(in)).isEmpty()) {
        String lower = h.toLowerCase(Locale.ROOT);
        if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
          chunked = true;
        } else if (lower.startsWith("content-length:")) {
          length = Long.parseLong(lower.substring(15).trim());
        }
      }
      byte[] buf = new byte[16384];
      if (chunked) {
        while (true) {
          long size = Long.parseLong(line(in).split(";")[0].trim(), 16);
          if (size == 0) {
            break;
          }
          while (size > 0) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, size));
            if (n < 0) {
              throw new IOException("body cut");
            }
            body.bytes(buf, 0, n, System.nanoTime());
            size -= n;
          }
          line(in); // the CRLF after the chunk
        }
      } else {
        long left = length < 0 ? Long.MAX_VALUE : length;
        int n;
        while (left > 0 && (n = in.read(buf, 0, (int) Math.min(buf.length, left))) > 0) {
          body.bytes(buf, 0, n, System.nanoTime());
          left -= n;
        }
      }
      body.end(null);
    } catch (IOException | RuntimeException e) {
      body.end(String.valueOf(e));
    }
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder sb = new StringBuilder();
    int c;
    while ((c = in.read()) != -1 && c != '\n') {
      if (c != '\r') {
        sb.append((char) c);
      }
    }
    if (c == -1 && sb.length() == 0) {
      throw new IOException("connection closed");
    }
    return sb.toString();
  }
}
