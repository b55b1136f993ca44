package io.ponybunny.llm.call;

import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.GenericType;
import jakarta.ws.rs.core.Link;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A provider's HTTP response for unit tests: a status, headers, a media type and a body that is
 * either whole or delivered piece by piece, with actions run between the pieces (e.g. moving a fake
 * clock past a deadline, or cancelling the call). Closing it makes further reads fail, as an
 * aborted connection does.
 */
final class FakeResponse extends Response {

  private final int status;
  private final MediaType type;
  private final Map<String, String> headers;
  private volatile InputStream body;
  private volatile boolean closed;

  private FakeResponse(int status, MediaType type, Map<String, String> headers) {
    this.status = status;
    this.type = type;
    this.headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    this.headers.putAll(headers);
  }

  static FakeResponse whole(int status, String mediaType, byte[] body) {
    return whole(status, mediaType, body, Map.of());
  }

  /** A whole body with these headers (names case-insensitive). */
  static FakeResponse whole(
      int status, String mediaType, byte[] body, Map<String, String> headers) {
    FakeResponse r = new FakeResponse(status, MediaType.valueOf(mediaType), headers);
    InputStream bytes = new ByteArrayInputStream(body);
    r.body =
        new java.io.FilterInputStream(bytes) {
          @Override
          public int read(byte[] b, int off, int len) throws IOException {
            if (r.closed) {
              throw new IOException("connection closed");
            }
            return super.read(b, off, len);
          }

          @Override
          public int read() throws IOException {
            if (r.closed) {
              throw new IOException("connection closed");
            }
            return super.read();
          }
        };
    return r;
  }

  /** A 200 stream of {@code pieces}; {@code afterPieces} runs when a read finds none left. */
  static FakeResponse pieces(String mediaType, Runnable afterPieces, byte[]... pieces) {
    List<Object> steps = new ArrayList<>(List.of((Object[]) pieces));
    if (afterPieces != null) {
      steps.add(afterPieces);
    }
    return steps(mediaType, steps);
  }

  /**
   * A 200 stream played from {@code steps}, each a {@code byte[]} piece that one read returns or a
   * {@link Runnable} run when the reader gets to it.
   */
  static FakeResponse steps(String mediaType, List<Object> steps) {
    FakeResponse r = new FakeResponse(200, MediaType.valueOf(mediaType), Map.of());
    Deque<Object> left = new ArrayDeque<>(steps);
    r.body =
        new InputStream() {
          @Override
          public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
          }

          @Override
          public int read(byte[] b, int off, int len) throws IOException {
            while (true) {
              if (r.closed) {
                throw new IOException("connection closed");
              }
              Object next = left.poll();
              if (next == null) {
                return -1;
              }
              if (next instanceof Runnable action) {
                action.run();
                continue;
              }
              byte[] piece = (byte[]) next;
              int n = Math.min(len, piece.length);
              System.arraycopy(piece, 0, b, off, n);
              if (n < piece.length) {
                left.push(Arrays.copyOfRange(piece, n, piece.length));
              }
              return n;
            }
          }
        };
    return r;
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  @Override
  public int getStatus() {
    return status;
  }

  @Override
  public StatusType getStatusInfo() {
    return Status.fromStatusCode(status);
  }

  @Override
  public Object getEntity() {
    return body;
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> T readEntity(Class<T> entityType) {
    if (entityType != InputStream.class) {
      throw new IllegalStateException("only InputStream");
    }
    return (T) body;
  }

  @Override
  public <T> T readEntity(GenericType<T> entityType) {
    throw new IllegalStateException("only InputStream");
  }

  @Override
  public <T> T readEntity(Class<T> entityType, Annotation[] annotations) {
    return readEntity(entityType);
  }

  @Override
  public <T> T readEntity(GenericType<T> entityType, Annotation[] annotations) {
    throw new IllegalStateException("only InputStream");
  }

  @Override
  public boolean hasEntity() {
    return true;
  }

  @Override
  public boolean bufferEntity() {
    return false;
  }

  @Override
  public void close() {
    closed = true;
  }

  @Override
  public MediaType getMediaType() {
    return type;
  }

  @Override
  public Locale getLanguage() {
    return null;
  }

  @Override
  public int getLength() {
    return -1;
  }

  @Override
  public Set<String> getAllowedMethods() {
    return Set.of();
  }

  @Override
  public Map<String, NewCookie> getCookies() {
    return Map.of();
  }

  @Override
  public EntityTag getEntityTag() {
    return null;
  }

  @Override
  public Date getDate() {
    return null;
  }

  @Override
  public Date getLastModified() {
    return null;
  }

  @Override
  public URI getLocation() {
    return null;
  }

  @Override
  public Set<Link> getLinks() {
    return Set.of();
  }

  @Override
  public boolean hasLink(String relation) {
    return false;
  }

  @Override
  public Link getLink(String relation) {
    return null;
  }

  @Override
  public Link.Builder getLinkBuilder(String relation) {
    return null;
  }

  @Override
  public MultivaluedMap<String, Object> getMetadata() {
    return new MultivaluedHashMap<>();
  }

  @Override
  public MultivaluedMap<String, String> getStringHeaders() {
    return new MultivaluedHashMap<>();
  }

  @Override
  public String getHeaderString(String name) {
    return headers.get(name);
  }
}
