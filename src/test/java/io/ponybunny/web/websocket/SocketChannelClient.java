package io.ponybunny.web.websocket;

import io.ponybunny.testing.TestServer;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A client of the streaming protocol on a plain socket (RFC 6455 framing, one reader thread): does
 * the handshake, then records every text message, with batches flattened, until the close frame.
 *
 * <p>Why not {@code java.net.http.WebSocket}: on JDK 17 that client occasionally never delivers a
 * frame the server writes right after the handshake. In a packet capture of a failed resume the
 * server's 101 and its replay frame both reached the client (its TCP stack acknowledged them) and
 * the listener was never called; the same test never failed with a JDK 25 client. The resume tests
 * reconnect hundreds of clients that each receive a frame at once, so they read frames themselves.
 */
final class SocketChannelClient implements AutoCloseable {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Socket socket;
  private final DataInputStream in;
  private final List<JsonObject> messages = new ArrayList<>();
  private boolean ended;
  private int closeCode = -1;
  private String failure;

  private SocketChannelClient(Socket socket, DataInputStream in) {
    this.socket = socket;
    this.in = in;
  }

  /** Connects to {@code path}, completes the handshake and starts reading. */
  static SocketChannelClient open(String path) {
    try {
      Socket socket = new Socket();
      socket.connect(new InetSocketAddress("localhost", TestServer.PORT), 20_000);
      OutputStream out = socket.getOutputStream();
      byte[] nonce = new byte[16];
      RANDOM.nextBytes(nonce);
      out.write(
          ("GET "
                  + path
                  + " HTTP/1.1\r\nHost: localhost:"
                  + TestServer.PORT
                  + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: "
                  + Base64.getEncoder().encodeToString(nonce)
                  + "\r\nSec-WebSocket-Version: 13\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      // One buffered stream for the handshake and the frames: bytes read past the 101 stay in it.
      DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
      String status = readLine(in);
      if (!status.contains(" 101 ")) {
        socket.close();
        throw new IOException("handshake: " + status);
      }
      while (!readLine(in).isEmpty()) {
        // headers
      }
      SocketChannelClient client = new SocketChannelClient(socket, in);
      Thread reader = new Thread(client::read, "ws-reader " + path);
      reader.setDaemon(true);
      reader.start();
      return client;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void read() {
    ByteArrayOutputStream message = new ByteArrayOutputStream();
    try {
      while (true) {
        int b0 = in.readUnsignedByte();
        int b1 = in.readUnsignedByte();
        long len = b1 & 0x7f;
        if (len == 126) {
          len = in.readUnsignedShort();
        } else if (len == 127) {
          len = in.readLong();
        }
        byte[] payload = in.readNBytes((int) len);
        int opcode = b0 & 0x0f;
        if (opcode == 8) {
          int code = payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
          finish(code, null);
          return;
        }
        if (opcode == 1 || opcode == 0) {
          message.write(payload);
          if ((b0 & 0x80) != 0) {
            record(TestServer.json(message.toString(StandardCharsets.UTF_8)));
            message.reset();
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      finish(-1, e.toString());
    }
  }

  private synchronized void record(JsonObject frame) {
    if ("batch".equals(frame.getString("type"))) {
      for (JsonValue v : frame.getJsonArray("events")) {
        messages.add(v.asJsonObject());
      }
    } else {
      messages.add(frame);
    }
    notifyAll();
  }

  private synchronized void finish(int code, String error) {
    if (!ended) {
      ended = true;
      closeCode = code;
      failure = error;
      notifyAll();
    }
  }

  /** Every message so far: snapshots and events, batches flattened. */
  synchronized List<JsonObject> messages() {
    return List.copyOf(messages);
  }

  /** Waits until a message matches. */
  synchronized JsonObject await(Predicate<JsonObject> match, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    int seen = 0;
    while (true) {
      for (; seen < messages.size(); seen++) {
        if (match.test(messages.get(seen))) {
          return messages.get(seen);
        }
      }
      if (ended) {
        throw new AssertionError(
            "closed (" + closeCode + ", " + failure + ") before a match; got " + messages.size());
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError("no match within " + timeout + "; got " + messages.size());
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
  }

  /** Waits for the terminal event of {@code requestId}. */
  JsonObject awaitTerminal(String requestId, Duration timeout) throws InterruptedException {
    return await(
        m ->
            ChannelClient.isTerminal(m)
                && requestId.equals(ChannelClient.data(m).getString("requestId")),
        timeout);
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      // closing anyway
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
    if (c < 0) {
      throw new IOException("connection closed during the handshake");
    }
    return line.toString(StandardCharsets.US_ASCII);
  }
}
