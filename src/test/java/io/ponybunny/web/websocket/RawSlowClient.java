package io.ponybunny.web.websocket;

import io.ponybunny.testing.TestServer;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
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
    in = new DataInputStream(socket.getInputStream());
    RawWebSocket.handshake(socket, path, in);
  }

  /** Reads the first frame (the snapshot) so the subscription is known to be in place. */
  void readSnapshot() throws IOException {
    readFrame();
    bytes = 0;
  }

  /**
   * Reads frames until the close frame and returns its code; -1 when the server dropped the link
   * without one (Liberty does when a close frame waits on unread data for 5.5 s: on a slow run the
   * test drains later than that).
   */
  int drain() throws IOException {
    try {
      while (closeCode < 0) {
        readFrame();
      }
    } catch (java.io.EOFException dropped) {
      return -1;
    }
    return closeCode;
  }

  private void readFrame() throws IOException {
    RawWebSocket.Frame frame = RawWebSocket.read(in);
    bytes += frame.payload().length;
    if (frame.opcode() == RawWebSocket.Frame.CLOSE) {
      closeCode = frame.closeCode();
      closeReason = frame.closeReason();
    } else if (frame.isText()) {
      textFrames++;
      Matcher m = TIMESTAMP.matcher(new String(frame.payload(), StandardCharsets.UTF_8));
      while (m.find()) {
        lastTimestamp = Long.parseLong(m.group(1));
        if (firstTimestamp < 0) {
          firstTimestamp = lastTimestamp;
        }
      }
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
