package io.ponybunny.llm.sse;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * An incremental WHATWG EventSource parser working on bytes.
 *
 * <p>Bytes are fed in arbitrary pieces with {@link #feed}; a line is decoded to a string only once
 * it is complete, so pieces may split UTF-8 characters or a CR LF pair. Lines end at CR LF, LF or
 * CR. A UTF-8 byte order mark is stripped at the start of the stream only. {@code data} lines are
 * joined with {@code \n}; {@code event} sets the type (default {@code message}); {@code id} sets
 * the last event id unless it contains NUL; {@code retry} is reported when it is all ASCII digits;
 * comment lines ({@code :}) and unknown fields go to the listener's optional hooks. A blank line
 * dispatches the pending event unless its data buffer is empty.
 *
 * <p>End of stream ({@link #end}) is lenient: an unterminated last line is processed, and a pending
 * event whose data is non-empty is dispatched, where WHATWG would discard it. Real provider bodies
 * often omit the final blank line.
 *
 * <p>Not thread-safe; one instance per stream.
 */
public final class SseParser {

  private static final String DEFAULT_TYPE = "message";

  private final SseListener listener;

  private byte[] line = new byte[256];
  private int lineLength;

  /** Whether the last byte fed was a CR, so that an LF first in the next piece is its pair. */
  private boolean lastWasCr;

  private boolean atStreamStart = true;
  private boolean ended;

  /** Data lines of the pending event, joined with LF, as bytes (reused across events). */
  private byte[] data = new byte[256];

  private int dataLength;
  private boolean hasData;
  private String eventType;
  private String lastEventId;

  /** The last decoded event type and its bytes: types repeat, so they are decoded once. */
  private byte[] typeBytes = new byte[0];

  private String typeString;

  public SseParser(SseListener listener) {
    this.listener = listener;
  }

  /** Feeds the next bytes of the stream; the listener is called for everything they complete. */
  public void feed(byte[] bytes, int offset, int length) {
    if (ended) {
      throw new IllegalStateException("stream already ended");
    }
    int end = offset + length;
    int i = offset;
    if (lastWasCr && i < end) {
      // The previous piece ended with CR: an LF first in this one completes that line end.
      lastWasCr = false;
      if (bytes[i] == '\n') {
        i++;
      }
    }
    while (i < end) {
      int eol = lineEnd(bytes, i, end);
      append(bytes, i, eol - i);
      if (eol == end) {
        return;
      }
      completeLine();
      i = eol + 1;
      if (bytes[eol] == '\r') {
        if (i == end) {
          lastWasCr = true;
        } else if (bytes[i] == '\n') {
          i++;
        }
      }
    }
  }

  /** The index of the first CR or LF in {@code [from, end)}, else {@code end}. */
  private static int lineEnd(byte[] bytes, int from, int end) {
    for (int i = from; i < end; i++) {
      byte b = bytes[i];
      // One well-predicted test rules out all but the bytes 0 to 15 before the exact ones.
      if ((b & 0xF0) == 0 && (b == '\n' || b == '\r')) {
        return i;
      }
    }
    return end;
  }

  /** Convenience for {@link #feed(byte[], int, int)} over a whole array. */
  public void feed(byte[] bytes) {
    feed(bytes, 0, bytes.length);
  }

  /**
   * Ends the stream: processes an unterminated last line and dispatches a pending event whose data
   * is non-empty (lenient EOF rule).
   */
  public void end() {
    if (ended) {
      return;
    }
    if (lineLength > 0) {
      completeLine();
    }
    ended = true;
    boolean pending = hasData && dataLength > 0;
    String type = eventType;
    eventType = null;
    hasData = false;
    if (pending) {
      listener.onRawEvent(typeOrDefault(type), data, 0, dataLength, lastEventId);
    }
  }

  private static String typeOrDefault(String type) {
    return type == null || type.isEmpty() ? DEFAULT_TYPE : type;
  }

  private void append(byte[] bytes, int from, int count) {
    if (count <= 0) {
      return;
    }
    int needed = lineLength + count;
    if (needed > line.length) {
      line = Arrays.copyOf(line, Math.max(needed, line.length * 2));
    }
    System.arraycopy(bytes, from, line, lineLength, count);
    lineLength = needed;
  }

  private void completeLine() {
    int start = 0;
    int len = lineLength;
    lineLength = 0;
    if (atStreamStart) {
      atStreamStart = false;
      if (len >= 3 && line[0] == (byte) 0xEF && line[1] == (byte) 0xBB && line[2] == (byte) 0xBF) {
        start = 3;
      }
    }
    int end = len;
    if (start == end) {
      dispatch();
      return;
    }
    if (line[start] == ':') {
      listener.onComment(decode(start + 1, end));
      return;
    }
    int colon = -1;
    for (int i = start; i < end; i++) {
      if (line[i] == ':') {
        colon = i;
        break;
      }
    }
    int nameEnd = colon < 0 ? end : colon;
    int valueStart = colon < 0 ? end : colon + 1;
    if (valueStart < end && line[valueStart] == ' ') {
      valueStart++;
    }
    if (is("data", start, nameEnd)) {
      addData(valueStart, end);
    } else if (is("event", start, nameEnd)) {
      eventType = type(valueStart, end);
    } else if (is("id", start, nameEnd)) {
      String id = decode(valueStart, end);
      if (id.indexOf('\0') < 0) {
        lastEventId = id;
      }
    } else if (is("retry", start, nameEnd)) {
      long value = digits(valueStart, end);
      if (value >= 0) {
        listener.onRetry(value);
      }
    } else {
      listener.onUnknownField(decode(start, nameEnd), decode(valueStart, end), decode(start, end));
    }
  }

  private boolean is(String field, int from, int to) {
    if (to - from != field.length()) {
      return false;
    }
    for (int i = 0; i < field.length(); i++) {
      if (line[from + i] != field.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /** The value when all ASCII digits (and not empty), else -1. */
  private long digits(int from, int to) {
    if (from >= to || to - from > 18) {
      return -1;
    }
    long value = 0;
    for (int i = from; i < to; i++) {
      byte b = line[i];
      if (b < '0' || b > '9') {
        return -1;
      }
      value = value * 10 + (b - '0');
    }
    return value;
  }

  private String decode(int from, int to) {
    return from >= to ? "" : new String(line, from, to - from, StandardCharsets.UTF_8);
  }

  private void addData(int from, int to) {
    if (!hasData) {
      hasData = true;
      dataLength = 0;
    } else {
      ensureData(1);
      data[dataLength++] = '\n';
    }
    int count = to - from;
    if (count > 0) {
      ensureData(count);
      System.arraycopy(line, from, data, dataLength, count);
      dataLength += count;
    }
  }

  private void ensureData(int more) {
    int needed = dataLength + more;
    if (needed > data.length) {
      data = Arrays.copyOf(data, Math.max(needed, data.length * 2));
    }
  }

  /** The event type of a field value, reusing the last decoded one when the bytes are equal. */
  private String type(int from, int to) {
    int len = to - from;
    if (typeString != null && Arrays.equals(typeBytes, 0, typeBytes.length, line, from, to)) {
      return typeString;
    }
    typeBytes = Arrays.copyOfRange(line, from, from + len);
    typeString = decode(from, to);
    return typeString;
  }

  private void dispatch() {
    String type = eventType;
    eventType = null;
    if (!hasData) {
      return;
    }
    hasData = false;
    listener.onRawEvent(typeOrDefault(type), data, 0, dataLength, lastEventId);
  }
}
