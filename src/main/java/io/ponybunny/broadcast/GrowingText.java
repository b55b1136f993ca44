package io.ponybunny.broadcast;

import java.util.Arrays;

/**
 * A stream's text so far, which only grows. {@link #prefix} captures the text in O(1): appends
 * never write to characters already there (they write after them, or into a new, larger array), so
 * a captured prefix can be read later on another thread without the channel's lock. Not thread-safe
 * otherwise: appends and captures happen under the channel's lock.
 */
final class GrowingText {

  private static final char[] EMPTY = new char[0];

  private char[] chars = EMPTY;
  private int length;

  void append(String s) {
    int needed = length + s.length();
    if (needed > chars.length) {
      chars = Arrays.copyOf(chars, Math.max(needed, Math.max(16, 2 * chars.length)));
    }
    s.getChars(0, s.length(), chars, length);
    length = needed;
  }

  int length() {
    return length;
  }

  /** The text as it is now, readable later without the lock. */
  Prefix prefix() {
    return new Prefix(chars, length);
  }

  @Override
  public String toString() {
    return new String(chars, 0, length);
  }

  /**
   * The first {@code length} characters of {@code chars}, which no later append changes.
   *
   * @param chars the array holding the text (shared, never written below {@code length} again)
   * @param length how many characters belong to the text
   */
  record Prefix(char[] chars, int length) {
    @Override
    public String toString() {
      return new String(chars, 0, length);
    }
  }
}
