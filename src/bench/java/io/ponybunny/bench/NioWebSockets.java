package io.ponybunny.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The benchmarks' WebSocket client: any number of connections on one selector thread, speaking just
 * what a subscriber needs of RFC 6455 (the upgrade, unmasked server frames, fragmented text
 * messages, close). It hands each complete text message to its {@link Handler} with the time the
 * bytes were read, without decoding or copying them when the frame arrived whole. A thousand
 * subscribers cost one thread and a few buffers, so latency and throughput measure the server, not
 * the client (the JDK's {@code java.net.http.WebSocket} hands every message to an executor).
 */
final class NioWebSockets implements AutoCloseable {

  /** Receives one connection's messages, on the selector thread: keep it short. */
  interface Handler {
    /** A complete text message in {@code buf[off, off + len)}, read at {@code readNanos}. */
    void onText(byte[] buf, int off, int len, long readNanos);

    /** The connection closed (code 1006 when it ended without a close frame). */
    default void onClose(int code) {}
  }

  /** An open connection. */
  interface Connection {
    /** Drops the connection (no close handshake: the server sees the socket go away). */
    void close();
  }

  /** Where {@code needle} first occurs in {@code buf[from, end)}, or -1. */
  static int indexOf(byte[] buf, int from, int end, byte[] needle) {
    outer:
    for (int i = from; i <= end - needle.length; i++) {
      for (int k = 0; k < needle.length; k++) {
        if (buf[i + k] != needle[k]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private static final int OP_CONT = 0;
  private static final int OP_TEXT = 1;
  private static final int OP_CLOSE = 8;

  private final Selector selector;
  private final Thread loop;
  private final ConcurrentLinkedQueue<java.util.function.Consumer<Selector>> pending =
      new ConcurrentLinkedQueue<>();
  private volatile boolean running = true;

  NioWebSockets(String name) throws IOException {
    selector = Selector.open();
    loop = new Thread(this::run, name);
    loop.setDaemon(true);
    loop.start();
  }

  /** Opens a socket to {@code ws://localhost:port/path}; completes when the upgrade succeeded. */
  CompletableFuture<Connection> open(int port, String path, Handler handler) {
    Conn c = new Conn(port, path, handler);
    pending.add(c::start);
    selector.wakeup();
    return c.opened.thenApply(
        v ->
            () -> {
              pending.add(sel -> c.drop());
              selector.wakeup();
            });
  }

  @Override
  public void close() {
    running = false;
    selector.wakeup();
    try {
      loop.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    ByteBuffer scratch = ByteBuffer.allocateDirect(1 << 16);
    try (selector) {
      while (running) {
        selector.select();
        java.util.function.Consumer<Selector> task;
        while ((task = pending.poll()) != null) {
          task.accept(selector);
        }
        Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
        while (keys.hasNext()) {
          SelectionKey key = keys.next();
          keys.remove();
          Conn conn = (Conn) key.attachment();
          try {
            if (key.isValid() && key.isConnectable()) {
              conn.connected(key);
            }
            if (key.isValid() && key.isWritable()) {
              conn.flush(key);
            }
            if (key.isValid() && key.isReadable()) {
              conn.read(key, scratch);
            }
          } catch (IOException | RuntimeException e) {
            conn.fail(key, e);
          }
        }
      }
      for (SelectionKey key : selector.keys()) {
        key.channel().close();
      }
    } catch (IOException | ClosedSelectorException e) {
      // shutting down
    }
  }

  /** One connection's state, touched by the selector thread only. */
  private static final class Conn {
    final int port;
    final String path;
    final Handler handler;
    final CompletableFuture<Void> opened = new CompletableFuture<>();
    SocketChannel channel;
    ByteBuffer out;
    byte[] in = new byte[1 << 16];
    int inLen;
    boolean upgraded;
    ByteArrayOutputStream fragments;

    Conn(int port, String path, Handler handler) {
      this.port = port;
      this.path = path;
      this.handler = handler;
    }

    void start(Selector selector) {
      try {
        channel = SocketChannel.open();
        channel.configureBlocking(false);
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        out =
            ByteBuffer.wrap(
                ("GET "
                        + path
                        + " HTTP/1.1\r\nHost: localhost:"
                        + port
                        + "\r\nAuthorization: "
                        + BenchAuth.authorization(port)
                        + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: "
                        + Base64.getEncoder().encodeToString(nonce)
                        + "\r\nSec-WebSocket-Version: 13\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
        if (channel.connect(new InetSocketAddress("localhost", port))) {
          channel.register(selector, SelectionKey.OP_WRITE | SelectionKey.OP_READ, this);
        } else {
          channel.register(selector, SelectionKey.OP_CONNECT, this);
        }
      } catch (IOException e) {
        opened.completeExceptionally(e);
      }
    }

    void connected(SelectionKey key) throws IOException {
      channel.finishConnect();
      key.interestOps(SelectionKey.OP_WRITE | SelectionKey.OP_READ);
    }

    void flush(SelectionKey key) throws IOException {
      channel.write(out);
      if (!out.hasRemaining()) {
        key.interestOps(SelectionKey.OP_READ);
      }
    }

    void read(SelectionKey key, ByteBuffer scratch) throws IOException {
      scratch.clear();
      int n = channel.read(scratch);
      long now = System.nanoTime();
      if (n < 0) {
        closed(key, 1006);
        return;
      }
      scratch.flip();
      if (in.length - inLen < n) {
        in = java.util.Arrays.copyOf(in, Math.max(in.length * 2, inLen + n));
      }
      scratch.get(in, inLen, n);
      inLen += n;
      int pos = 0;
      if (!upgraded) {
        int end = headEnd();
        if (end < 0) {
          return;
        }
        String head = new String(in, 0, end, StandardCharsets.US_ASCII);
        if (!head.startsWith("HTTP/1.1 101")) {
          throw new IOException("upgrade refused: " + head.lines().findFirst().orElse(""));
        }
        upgraded = true;
        opened.complete(null);
        pos = end;
      }
      pos = frames(key, pos, now);
      if (pos > 0) {
        System.arraycopy(in, pos, in, 0, inLen - pos);
        inLen -= pos;
      }
    }

    /** Handles every whole frame from {@code pos}; returns where the unread rest begins. */
    private int frames(SelectionKey key, int pos, long now) throws IOException {
      while (key.isValid() && inLen - pos >= 2) {
        int b0 = in[pos] & 0xff;
        int b1 = in[pos + 1] & 0x7f;
        int header = 2;
        long len = b1;
        if (b1 == 126) {
          if (inLen - pos < 4) {
            break;
          }
          len = ((in[pos + 2] & 0xff) << 8) | (in[pos + 3] & 0xff);
          header = 4;
        } else if (b1 == 127) {
          if (inLen - pos < 10) {
            break;
          }
          len = 0;
          for (int i = 0; i < 8; i++) {
            len = (len << 8) | (in[pos + 2 + i] & 0xff);
          }
          header = 10;
        }
        if (inLen - pos < header + len) {
          if (header + len > in.length) {
            in = java.util.Arrays.copyOf(in, (int) (header + len) * 2);
          }
          break;
        }
        int start = pos + header;
        int length = (int) len;
        boolean fin = (b0 & 0x80) != 0;
        int op = b0 & 0x0f;
        if (op == OP_CLOSE) {
          int code = length >= 2 ? ((in[start] & 0xff) << 8) | (in[start + 1] & 0xff) : 1005;
          closed(key, code);
          return inLen;
        }
        if (op == OP_TEXT && fin) {
          handler.onText(in, start, length, now);
        } else if (op == OP_TEXT || op == OP_CONT) {
          if (fragments == null) {
            fragments = new ByteArrayOutputStream();
          }
          fragments.write(in, start, length);
          if (fin) {
            byte[] whole = fragments.toByteArray();
            fragments = null;
            handler.onText(whole, 0, whole.length, now);
          }
        }
        pos = start + length;
      }
      return pos;
    }

    private int headEnd() {
      for (int i = 3; i < inLen; i++) {
        if (in[i] == '\n' && in[i - 1] == '\r' && in[i - 2] == '\n' && in[i - 3] == '\r') {
          return i + 1;
        }
      }
      return -1;
    }

    /** Closes the socket from this side; the handler hears nothing more. */
    void drop() {
      try {
        if (channel != null) {
          channel.close();
        }
      } catch (IOException e) {
        // gone anyway
      }
    }

    void fail(SelectionKey key, Exception e) {
      opened.completeExceptionally(e);
      closed(key, 1006);
    }

    private void closed(SelectionKey key, int code) {
      key.cancel();
      try {
        channel.close();
      } catch (IOException e) {
        // gone anyway
      }
      opened.completeExceptionally(new IOException("closed " + code + " before the upgrade"));
      handler.onClose(code);
    }
  }
}
