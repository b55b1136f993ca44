package io.ponybunny.web.websocket;

import io.ponybunny.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

/** The client side of RFC 6455 on a plain socket, for the test clients that read frames. */
final class RawWebSocket {

  private static final SecureRandom RANDOM = new SecureRandom();

  /** One frame as received (server frames are not masked). */
  record Frame(boolean fin, int opcode, byte[] payload) {

    static final int CLOSE = 8;

    boolean isText() {
      return opcode == 1 || opcode == 0;
    }

    /** The close code of a close frame (1005 when it has none). */
    int closeCode() {
      return payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
    }

    String closeReason() {
      return new String(payload, 2, Math.max(0, payload.length - 2), StandardCharsets.UTF_8);
    }
  }

  private RawWebSocket() {}

  /**
   * Sends the upgrade request for {@code path} on a connected socket and reads the response head
   * from {@code in} (the stream the caller then reads frames from).
   */
  static void handshake(Socket socket, String path, InputStream in) throws IOException {
    byte[] nonce = new byte[16];
    RANDOM.nextBytes(nonce);
    OutputStream out = socket.getOutputStream();
    out.write(
        ("GET "
                + path
                + " HTTP/1.1\r\nHost: localhost:"
                + TestServer.PORT
                + "\r\nAuthorization: "
                + TestServer.authorization()
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: "
                + Base64.getEncoder().encodeToString(nonce)
                + "\r\nSec-WebSocket-Version: 13\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    out.flush();
    String status = readLine(in);
    if (!status.contains(" 101 ")) {
      throw new IOException("handshake: " + status);
    }
    while (!readLine(in).isEmpty()) {
      // headers
    }
  }

  /** Reads the next frame. */
  static Frame read(DataInputStream in) throws IOException {
    int b0 = in.readUnsignedByte();
    int b1 = in.readUnsignedByte();
    long len = b1 & 0x7f;
    if (len == 126) {
      len = in.readUnsignedShort();
    } else if (len == 127) {
      len = in.readLong();
    }
    return new Frame((b0 & 0x80) != 0, b0 & 0x0f, in.readNBytes((int) len));
  }

  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) >= 0 && c != '\n') {
      if (c != '\r') {
        line.write(c);
      }
    }
    if (c < 0) {
      throw new IOException("connection closed during the handshake");
    }
    return line.toString(StandardCharsets.US_ASCII);
  }
}
