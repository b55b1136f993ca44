package io.ponybunny.llm.provider.gemini;

import java.util.Arrays;

/**
 * Splits a streamed top-level JSON array ({@code [{...}\n,\r\n{...}]}) into its elements without
 * buffering the whole body: it tracks nesting depth, strings and escapes over the bytes and hands
 * each complete element to the sink as soon as its last byte arrives. Bytes may be split anywhere.
 * A body that starts with an object instead of an array (a bare error body) yields that object.
 */
final class JsonArrayFramer {

  /** Receives complete elements and, at the end, what could not be framed. */
  interface Sink {
    /**
     * Offered the bytes from the start of an element to the end of the piece, before the framer
     * scans them: how many of them form one complete element the sink has handled itself, or 0 to
     * have the framer frame the element and pass it to {@link #element}. The default takes none.
     */
    default int offer(byte[] bytes, int offset, int length) {
      return 0;
    }

    void element(byte[] bytes, int offset, int length);

    /** Bytes that are not JSON array framing at all (e.g. an HTML error page). */
    void garbage(byte[] bytes, int offset, int length);
  }

  private enum State {
    START,
    BETWEEN,
    ELEMENT,
    CLOSED,
    GARBAGE
  }

  private final Sink sink;
  private State state = State.START;
  private boolean inArray;
  private int depth;
  private boolean inString;
  private boolean escape;
  private byte[] buf = new byte[1024];
  private int len;
  private boolean sawElement;

  JsonArrayFramer(Sink sink) {
    this.sink = sink;
  }

  /** Whether the closing {@code ]} of the top-level array arrived. */
  boolean closed() {
    return state == State.CLOSED;
  }

  /** Whether the body ended in the middle of an element or before the closing bracket. */
  boolean incomplete() {
    return state == State.ELEMENT
        || (inArray && state != State.CLOSED)
        || (state == State.START && !sawElement);
  }

  void feed(byte[] bytes, int offset, int length) {
    int end = offset + length;
    int i = offset;
    while (i < end) {
      switch (state) {
        case START, BETWEEN -> {
          byte b = bytes[i];
          if (isSpace(b) || (state == State.BETWEEN && b == ',')) {
            i++;
          } else if (state == State.START && !sawElement && isBomByte(b)) {
            i++;
          } else if (state == State.START && b == '[') {
            inArray = true;
            state = State.BETWEEN;
            i++;
          } else if (b == ']' && inArray) {
            state = State.CLOSED;
            i++;
          } else if (b == '{' || b == '[') {
            int taken = sink.offer(bytes, i, end - i);
            if (taken > 0) {
              sawElement = true;
              state = inArray ? State.BETWEEN : State.START;
              i += taken;
            } else {
              state = State.ELEMENT;
              depth = 0;
            }
          } else {
            state = State.GARBAGE;
          }
        }
        case ELEMENT -> i = scanElement(bytes, i, end);
        case CLOSED -> i = end;
        case GARBAGE -> {
          append(bytes, i, end - i);
          i = end;
        }
      }
    }
  }

  private static boolean isBomByte(byte b) {
    return b == (byte) 0xEF || b == (byte) 0xBB || b == (byte) 0xBF;
  }

  private int scanElement(byte[] bytes, int from, int end) {
    int i = from;
    if (escape) {
      // The previous piece ended with a backslash inside a string: skip the escaped byte.
      escape = false;
      i++;
    }
    while (i < end) {
      if (inString) {
        i = stringEnd(bytes, i, end);
        continue;
      }
      byte b = bytes[i++];
      if (b == '"') {
        inString = true;
      } else if (b == '{' || b == '[') {
        depth++;
      } else if ((b == '}' || b == ']') && --depth == 0) {
        append(bytes, from, i - from);
        int n = len;
        len = 0;
        sawElement = true;
        state = inArray ? State.BETWEEN : State.START;
        sink.element(buf, 0, n);
        return i;
      }
    }
    append(bytes, from, end - from);
    return end;
  }

  /**
   * Moves through string content from {@code i}: the index after the closing quote (clearing {@link
   * #inString}), else {@code end}, noting a trailing backslash in {@link #escape}.
   */
  private int stringEnd(byte[] bytes, int i, int end) {
    while (i < end) {
      byte b = bytes[i++];
      if (b == '"') {
        inString = false;
        return i;
      }
      if (b == '\\') {
        if (i == end) {
          escape = true;
          return end;
        }
        i++;
      }
    }
    return end;
  }

  /** Reports leftover garbage; call once at the end of the body. */
  void end() {
    if (state == State.GARBAGE && len > 0) {
      sink.garbage(buf, 0, len);
      len = 0;
    }
  }

  private static boolean isSpace(byte b) {
    return b == ' ' || b == '\n' || b == '\r' || b == '\t';
  }

  private void append(byte[] bytes, int from, int count) {
    if (count <= 0) {
      return;
    }
    int needed = len + count;
    if (needed > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(needed, buf.length * 2));
    }
    System.arraycopy(bytes, from, buf, len, count);
    len = needed;
  }
}
