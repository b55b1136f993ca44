package io.ponybunny.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * A client of the streaming protocol on a plain socket, as the ITs' admin (RFC 6455: the upgrade,
 * unmasked server frames, fragmented text messages, the close frame), that records what it receives
 * ({@link WsRecording}). It is not {@link WsClient} because it controls the TCP reads: either it
 * reads everything on its own thread ({@link #open}), or it stops reading after the snapshot with a
 * tiny receive buffer until {@link #drain} ({@link #openAndStopReading}), with no client library
 * reading and buffering on its behalf.
 *
 * <p>The reading mode is for tests that receive a frame at once after the handshake: on JDK 17
 * {@code java.net.http.WebSocket} occasionally never delivers such a frame. In a packet capture of
 * a failed resume the server's 101 and its replay frame both reached the client (its TCP stack
 * acknowledged them) and the listener was never called; the same test never failed with a JDK 25
 * client. The resume and late-join tests connect hundreds of clients that each receive a frame at
 * once.
 */
public final class RawWsClient extends WsRecording implements AutoCloseable {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int CONNECT_MILLIS = 20_000;
  private static final int OP_TEXT = 1;
  private static final int OP_CONTINUATION = 0;
  private static final int OP_CLOSE = 8;

  private final Socket socket;
  private final DataInputStream in;
  private final ByteArrayOutputStream message = new ByteArrayOutputStream();
  private volatile long textBytes; // written by one reader at a time

  private RawWsClient(Socket socket, DataInputStream in) {
    this.socket = socket;
    this.in = in;
  }

  /** Connects to {@code path}, does the handshake and reads every frame on its own thread. */
  public static RawWsClient open(String path) {
    return open(testServer(), TestServer.authorization(), path);
  }

  /** As {@link #open(String)} on {@code server} as {@code authorization}. */
  static RawWsClient open(InetSocketAddress server, String authorization, String path) {
    RawWsClient client = connect(server, authorization, path, new Socket(), 0);
    Thread reader = new Thread(client::readAll, "ws-reader " + path);
    reader.setDaemon(true);
    reader.start();
    return client;
  }

  /**
   * Connects to {@code path} with a 4 KiB receive buffer, does the handshake and reads the first
   * message (the snapshot: the subscription is in place); then reads nothing until {@link #drain}.
   * Each read waits at most 30 s.
   */
  public static RawWsClient openAndStopReading(String path) {
    return openAndStopReading(testServer(), TestServer.authorization(), path);
  }

  /** As {@link #openAndStopReading(String)} on {@code server} as {@code authorization}. */
  static RawWsClient openAndStopReading(
      InetSocketAddress server, String authorization, String path) {
    Socket socket = new Socket();
    try {
      socket.setReceiveBufferSize(4096); // before connecting: it sizes the TCP window
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    RawWsClient client = connect(server, authorization, path, socket, 30_000);
    try {
      client.readMessage();
    } catch (IOException e) {
      client.close();
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      client.close();
      throw e;
    }
    return client;
  }

  private static InetSocketAddress testServer() {
    return new InetSocketAddress("localhost", TestServer.PORT);
  }

  /** Connects {@code socket} and does the handshake; {@code readTimeoutMillis} 0: none. */
  private static RawWsClient connect(
      InetSocketAddress server,
      String authorization,
      String path,
      Socket socket,
      int readTimeoutMillis) {
    try {
      socket.connect(server, CONNECT_MILLIS);
      socket.setSoTimeout(readTimeoutMillis);
      // One buffered stream for the handshake and the frames: bytes read past the 101 stay in it.
      DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
      handshake(
          socket.getOutputStream(),
          server.getHostString() + ":" + server.getPort(),
          authorization,
          path,
          in);
      return new RawWsClient(socket, in);
    } catch (IOException e) {
      try {
        socket.close();
      } catch (IOException closing) {
        e.addSuppressed(closing);
      }
      throw new UncheckedIOException(e);
    }
  }

  private static void handshake(
      OutputStream out, String host, String authorization, String path, InputStream in)
      throws IOException {
    byte[] nonce = new byte[16];
    RANDOM.nextBytes(nonce);
    out.write(
        ("GET "
                + path
                + " HTTP/1.1\r\nHost: "
                + host
                + "\r\nAuthorization: "
                + authorization
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

  private void readAll() {
    try {
      while (readMessage()) {
        // recorded
      }
    } catch (IOException | RuntimeException e) {
      failed(e);
    }
  }

  /**
   * Reads frames up to the end of the next text message, and records it; false at the close frame
   * (recorded as the end).
   */
  private boolean readMessage() throws IOException {
    while (true) {
      int b0 = in.readUnsignedByte();
      int b1 = in.readUnsignedByte();
      long length = b1 & 0x7f;
      if (length == 126) {
        length = in.readUnsignedShort();
      } else if (length == 127) {
        length = in.readLong();
      }
      byte[] payload = in.readNBytes((int) length);
      if (payload.length < length) {
        throw new EOFException("a frame cut short");
      }
      int opcode = b0 & 0x0f;
      if (opcode == OP_CLOSE) {
        int code = payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
        String reason =
            new String(payload, 2, Math.max(0, payload.length - 2), StandardCharsets.UTF_8);
        ended(code, reason);
        return false;
      }
      if (opcode == OP_TEXT || opcode == OP_CONTINUATION) {
        message.write(payload);
        textBytes += payload.length;
        if ((b0 & 0x80) != 0) {
          long now = System.nanoTime();
          String text = message.toString(StandardCharsets.UTF_8);
          message.reset();
          record(TestServer.json(text), now);
          return true;
        }
      }
    }
  }

  /**
   * Reads (on the calling thread) every frame up to the close frame and returns its code; -1 when
   * the server dropped the link without one (Liberty does when a close frame waits on unread data
   * for 5.5 s).
   */
  public int drain() throws IOException {
    Integer code = closeCode();
    if (code != null) {
      return code; // the close frame came with the snapshot
    }
    try {
      while (readMessage()) {
        // recorded
      }
    } catch (EOFException dropped) {
      ended(-1, null);
      return -1;
    }
    return closeCode();
  }

  /** Bytes of text payload read so far, the snapshot's included. */
  public long textBytes() {
    return textBytes;
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
