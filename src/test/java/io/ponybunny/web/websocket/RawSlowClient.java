package io.ponybunny.web.websocket;

import io.ponybunny.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A WebSocket client on a plain socket with a tiny receive buffer that does the handshake and then
 * reads nothing until told to: a client that stops reading, without a client library buffering on
 * its behalf. {@link #drain} then reads every frame up to the close frame.
 */
final class RawSlowClient implements AutoCloseable {

  private static final Pattern TIMESTAMP = Pattern.compile("\"timestamp\":(\\d+)");

  private final Socket socket;
  private final DataInputStream in;
  int closeCode = -1;
  String closeReason;
  int textFrames;
  long lastTimestamp = -1;
  long firstTimestamp = -1;
  long bytes;

  RawSlowClient(String path) throws IOException {
    socket = new Socket();
    socket.setReceiveBufferSize(4096);
    socket.connect(new InetSocketAddress("localhost", TestServer.PORT), 10_000);
    socket.setSoTimeout(30_000);
    OutputStream out = socket.getOutputStream();
    String key = Base64.getEncoder().encodeToString("ponybunny-slow16".getBytes());
    out.write(
        ("GET "
                + path
                + " HTTP/1.1\r\nHost: localhost:"
                + TestServer.PORT
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: "
                + key
                + "\r\nSec-WebSocket-Version: 13\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    out.flush();
    in = new DataInputStream(socket.getInputStream());
    String status = readLine(in);
    if (!status.contains(" 101 ")) {
      throw new IOException("handshake: " + status);
    }
    while (!readLine(in).isEmpty()) {
      // headers
    }
  }

  /** Reads the first frame (the snapshot) so the subscription is known to be in place. */
  void readSnapshot() throws IOException {
    readFrame();
    bytes = 0;
  }

  /** Reads frames until the close frame; returns its code. */
  int drain() throws IOException {
    while (closeCode < 0) {
      readFrame();
    }
    return closeCode;
  }

  private void readFrame() throws IOException {
    int b0 = in.readUnsignedByte();
    int b1 = in.readUnsignedByte();
    long len = b1 & 0x7f;
    if (len == 126) {
      len = in.readUnsignedShort();
    } else if (len == 127) {
      len = in.readLong();
    }
    byte[] payload = in.readNBytes((int) len);
    bytes += len;
    int opcode = b0 & 0x0f;
    if (opcode == 8) {
      closeCode = payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
      closeReason = new String(payload, 2, Math.max(0, payload.length - 2), StandardCharsets.UTF_8);
    } else if (opcode == 1 || opcode == 0) {
      textFrames++;
      Matcher m = TIMESTAMP.matcher(new String(payload, StandardCharsets.UTF_8));
      while (m.find()) {
        lastTimestamp = Long.parseLong(m.group(1));
        if (firstTimestamp < 0) {
          firstTimestamp = lastTimestamp;
        }
      }
    }
  }

  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) >= 0 && c != '\n') {
      if (c != '\r') {
        line.write(c);
      }
    }
    return line.toString(StandardCharsets.US_ASCII);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
