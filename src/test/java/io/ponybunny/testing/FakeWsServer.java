package io.ponybunny.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server side of RFC 6455 for the test clients' unit tests, on an ephemeral loopback port: it
 * accepts one connection at a time, answers the upgrade as told and writes the (unmasked) frames a
 * test gives it, several at once when asked.
 */
final class FakeWsServer implements AutoCloseable {

  private static final Pattern KEY = Pattern.compile("(?im)^Sec-WebSocket-Key: *(\\S+)\\s*$");

  private final ServerSocket server;
  private Socket socket;
  private String head;

  FakeWsServer() throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
  }

  InetSocketAddress address() {
    return new InetSocketAddress(server.getInetAddress(), server.getLocalPort());
  }

  URI uri(String path) {
    return URI.create("ws://127.0.0.1:" + server.getLocalPort() + path);
  }

  /** Accepts the next connection and reads its upgrade request; returns the request's head. */
  String accept() throws IOException {
    socket = server.accept();
    InputStream in = socket.getInputStream();
    StringBuilder request = new StringBuilder();
    while (request.length() < 4 || !request.substring(request.length() - 4).equals("\r\n\r\n")) {
      int c = in.read();
      if (c < 0) {
        throw new IOException("the client left during its request: " + request);
      }
      request.append((char) c);
    }
    head = request.toString();
    return head;
  }

  /** Answers 101 and, in the same write, {@code frames}. */
  void upgrade(byte[]... frames) throws IOException {
    Matcher key = KEY.matcher(head);
    if (!key.find()) {
      throw new IOException("no Sec-WebSocket-Key in " + head);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(
        ("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: "
                + accept(key.group(1))
                + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    for (byte[] frame : frames) {
      out.writeBytes(frame);
    }
    write(out.toByteArray());
  }

  /** Refuses the upgrade with {@code status}. */
  void refuse(int status) throws IOException {
    write(
        ("HTTP/1.1 " + status + " Refused\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    socket.close();
  }

  /** Writes {@code frames} in one write. */
  void send(byte[]... frames) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] frame : frames) {
      out.writeBytes(frame);
    }
    write(out.toByteArray());
  }

  /** Closes the connection without a close frame. */
  void drop() throws IOException {
    socket.close();
  }

  private void write(byte[] bytes) throws IOException {
    OutputStream out = socket.getOutputStream();
    out.write(bytes);
    out.flush();
  }

  /** A whole text frame. */
  static byte[] text(String text) {
    return frame(1, true, text.getBytes(StandardCharsets.UTF_8));
  }

  /** A close frame with {@code code} and {@code reason}. */
  static byte[] close(int code, String reason) {
    byte[] r = reason.getBytes(StandardCharsets.UTF_8);
    byte[] payload = new byte[2 + r.length];
    payload[0] = (byte) (code >> 8);
    payload[1] = (byte) code;
    System.arraycopy(r, 0, payload, 2, r.length);
    return frame(8, true, payload);
  }

  /** One unmasked frame. */
  static byte[] frame(int opcode, boolean fin, byte[] payload) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write((fin ? 0x80 : 0) | opcode);
    if (payload.length < 126) {
      out.write(payload.length);
    } else if (payload.length < 65_536) {
      out.write(126);
      out.write(payload.length >> 8);
      out.write(payload.length & 0xff);
    } else {
      out.write(127);
      for (int shift = 56; shift >= 0; shift -= 8) {
        out.write((int) ((long) payload.length >> shift) & 0xff);
      }
    }
    out.writeBytes(payload);
    return out.toByteArray();
  }

  private static String accept(String key) {
    try {
      byte[] sha1 =
          MessageDigest.getInstance("SHA-1")
              .digest(
                  (key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")
                      .getBytes(StandardCharsets.US_ASCII));
      return Base64.getEncoder().encodeToString(sha1);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() throws IOException {
    if (socket != null) {
      socket.close();
    }
    server.close();
  }
}
