package io.ponybunny.web.websocket;

import io.ponybunny.testing.TestServer;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
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

  private final Socket socket;
  private final DataInputStream in;
  private final List<JsonObject> messages = new ArrayList<>();
  private final List<Long> arrivals = new ArrayList<>(); // System.nanoTime() per text message
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
      // One buffered stream for the handshake and the frames: bytes read past the 101 stay in it.
      DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
      try {
        RawWebSocket.handshake(socket, path, in);
      } catch (IOException e) {
        socket.close();
        throw e;
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
        RawWebSocket.Frame frame = RawWebSocket.read(in);
        if (frame.opcode() == RawWebSocket.Frame.CLOSE) {
          finish(frame.closeCode(), null);
          return;
        }
        if (frame.isText()) {
          message.write(frame.payload());
          if (frame.fin()) {
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
    arrivals.add(System.nanoTime());
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

  /**
   * The longest time between two consecutive text messages that arrived at or after {@code
   * fromNanos} ({@link System#nanoTime()}), in milliseconds.
   */
  synchronized long longestSilenceMillis(long fromNanos) {
    long longest = 0;
    long previous = Long.MIN_VALUE;
    for (long at : arrivals) {
      if (at < fromNanos) {
        continue;
      }
      if (previous != Long.MIN_VALUE) {
        longest = Math.max(longest, at - previous);
      }
      previous = at;
    }
    return TimeUnit.NANOSECONDS.toMillis(longest);
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

  /** Waits for the first message (the snapshot, or the first replayed event). */
  JsonObject awaitFirst(Duration timeout) throws InterruptedException {
    return await(m -> true, timeout);
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
}
