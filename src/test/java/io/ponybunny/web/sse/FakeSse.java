package io.ponybunny.web.sse;

import jakarta.ws.rs.core.GenericType;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseBroadcaster;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * JAX-RS's server-sent event API without a server: {@link #sse} builds events, {@link #sink}
 * records what is sent, in the text a client reads ({@link #text}). A held sink leaves every send
 * pending until {@link #writeAll} or {@link #failAll} (a client that does not read, or went away).
 */
final class FakeSse {

  final Sse sse =
      new Sse() {
        @Override
        public OutboundSseEvent.Builder newEventBuilder() {
          return new Builder();
        }

        @Override
        public SseBroadcaster newBroadcaster() {
          throw new UnsupportedOperationException();
        }
      };

  final Sink sink = new Sink();

  /** Everything sent, as the wire would carry it. */
  String text() {
    StringBuilder b = new StringBuilder();
    synchronized (sink) {
      for (OutboundSseEvent e : sink.sent) {
        if (e.getComment() != null) {
          b.append(": ").append(e.getComment()).append('\n');
        }
        if (e.getId() != null) {
          b.append("id: ").append(e.getId()).append('\n');
        }
        if (e.getName() != null) {
          b.append("event: ").append(e.getName()).append('\n');
        }
        if (e.getData() != null) {
          b.append("data: ").append(e.getData()).append('\n');
        }
        b.append('\n');
      }
    }
    return b.toString();
  }

  /** The events sent that are not comments. */
  List<OutboundSseEvent> events() {
    synchronized (sink) {
      return sink.sent.stream().filter(e -> e.getComment() == null).toList();
    }
  }

  /** The comments sent. */
  List<String> comments() {
    synchronized (sink) {
      return sink.sent.stream().map(OutboundSseEvent::getComment).filter(c -> c != null).toList();
    }
  }

  /** Holds every later send until {@link #writeAll} or {@link #failAll}. */
  void hold() {
    synchronized (sink) {
      sink.held = true;
    }
  }

  /** Completes the held sends: written. */
  void writeAll() {
    for (CompletableFuture<Void> f : sink.takePending()) {
      f.complete(null);
    }
  }

  /** Fails the held sends, as a write to a client that went away does. */
  void failAll() {
    for (CompletableFuture<Void> f : sink.takePending()) {
      f.completeExceptionally(new java.io.IOException("Broken pipe"));
    }
  }

  static final class Sink implements SseEventSink {
    final List<OutboundSseEvent> sent = new ArrayList<>();
    private final List<CompletableFuture<Void>> pending = new ArrayList<>();
    private boolean held;
    boolean closed;

    @Override
    public synchronized boolean isClosed() {
      return closed;
    }

    @Override
    public synchronized CompletionStage<?> send(OutboundSseEvent event) {
      if (closed) {
        throw new IllegalStateException("closed");
      }
      sent.add(event);
      CompletableFuture<Void> f = new CompletableFuture<>();
      if (held) {
        pending.add(f);
      } else {
        f.complete(null);
      }
      return f;
    }

    @Override
    public synchronized void close() {
      closed = true;
    }

    synchronized List<CompletableFuture<Void>> takePending() {
      held = false;
      List<CompletableFuture<Void>> all = List.copyOf(pending);
      pending.clear();
      return all;
    }
  }

  private static final class Builder implements OutboundSseEvent.Builder {
    private String id;
    private String name;
    private String comment;
    private Object data;

    @Override
    public OutboundSseEvent.Builder id(String id) {
      this.id = id;
      return this;
    }

    @Override
    public OutboundSseEvent.Builder name(String name) {
      this.name = name;
      return this;
    }

    @Override
    public OutboundSseEvent.Builder reconnectDelay(long milliseconds) {
      return this;
    }

    @Override
    public OutboundSseEvent.Builder mediaType(MediaType mediaType) {
      return this;
    }

    @Override
    public OutboundSseEvent.Builder comment(String comment) {
      this.comment = comment;
      return this;
    }

    @Override
    public OutboundSseEvent.Builder data(Class type, Object data) {
      this.data = data;
      return this;
    }

    @Override
    public OutboundSseEvent.Builder data(GenericType type, Object data) {
      this.data = data;
      return this;
    }

    @Override
    public OutboundSseEvent.Builder data(Object data) {
      this.data = data;
      return this;
    }

    @Override
    public OutboundSseEvent build() {
      if (comment == null && data == null) {
        throw new IllegalStateException("neither data nor comment");
      }
      return new Event(id, name, comment, data);
    }
  }

  private record Event(String id, String name, String comment, Object data)
      implements OutboundSseEvent {

    @Override
    public String getId() {
      return id;
    }

    @Override
    public String getName() {
      return name;
    }

    @Override
    public String getComment() {
      return comment;
    }

    @Override
    public long getReconnectDelay() {
      return -1;
    }

    @Override
    public boolean isReconnectDelaySet() {
      return false;
    }

    @Override
    public Class<?> getType() {
      return data == null ? null : data.getClass();
    }

    @Override
    public java.lang.reflect.Type getGenericType() {
      return getType();
    }

    @Override
    public MediaType getMediaType() {
      return MediaType.TEXT_PLAIN_TYPE;
    }

    @Override
    public Object getData() {
      return data;
    }
  }
}
