package io.ponybunny.history;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * When each chunk of a stream arrived and how much text it carried, kept with the stream's record
 * so the console can draw its timeline and replay it at its original pace. Bounded: at most {@code
 * maxGroups} groups; when a stream has more chunks, adjacent groups are merged pairwise (the later
 * arrival kept, the lengths summed) and from then on every group takes twice as many chunks, so the
 * groups cover the whole stream evenly and their lengths still add up to its text. A live stream
 * keeps them in two int arrays: 8 bytes a group, 16 KiB at the default bound. Not thread-safe.
 *
 * <p>Stored as text ({@link #encode}): base64url of unsigned varints, a version (1), the chunks per
 * group, then per group the milliseconds since the previous group's arrival (the first: since the
 * stream's start) and its length in UTF-16 characters: 2–4 bytes per group.
 */
public final class ChunkTimings {

  private static final int VERSION = 1;

  private final int maxGroups;
  // two growing arrays (8 bytes a group), not an object per chunk: a live stream keeps them
  private int[] offsets = new int[8];
  private int[] lengths = new int[8];
  private int size;
  private int chunksPerGroup = 1;
  private int chunksInLast;

  /** Empty timings of at most {@code maxGroups} groups (at least 2). */
  public ChunkTimings(int maxGroups) {
    this.maxGroups = Math.max(2, maxGroups);
  }

  /** A chunk of {@code length} characters arrived {@code offsetMs} after the stream started. */
  public void add(long offsetMs, int length) {
    int offset = (int) Math.min(Integer.MAX_VALUE, Math.max(0, offsetMs));
    if (size > 0 && chunksInLast < chunksPerGroup) {
      offsets[size - 1] = Math.max(offsets[size - 1], offset);
      lengths[size - 1] += length;
      chunksInLast++;
      return;
    }
    if (size == maxGroups) {
      halve();
      add(offset, length);
      return;
    }
    if (size == offsets.length) {
      int capacity = Math.min(maxGroups, size * 2);
      offsets = java.util.Arrays.copyOf(offsets, capacity);
      lengths = java.util.Arrays.copyOf(lengths, capacity);
    }
    offsets[size] = offset;
    lengths[size] = length;
    size++;
    chunksInLast = 1;
  }

  private void halve() {
    int merged = 0;
    for (int i = 0; i < size; i += 2) {
      if (i + 1 < size) {
        offsets[merged] = offsets[i + 1];
        lengths[merged] = lengths[i] + lengths[i + 1];
      } else {
        offsets[merged] = offsets[i];
        lengths[merged] = lengths[i];
      }
      merged++;
    }
    // an odd count left the last group alone: it holds fewer chunks than the new size
    boolean lastWhole = size % 2 == 0 && chunksInLast == chunksPerGroup;
    chunksInLast = lastWhole ? chunksPerGroup * 2 : chunksInLast;
    size = merged;
    chunksPerGroup *= 2;
  }

  /** How many groups are kept. */
  public int size() {
    return size;
  }

  /** The arrival of each group, in milliseconds after the stream's start. */
  public List<Long> offsetsMs() {
    List<Long> out = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      out.add((long) offsets[i]);
    }
    return out;
  }

  /** The characters each group carried. */
  public List<Integer> lengths() {
    List<Integer> out = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      out.add(lengths[i]);
    }
    return out;
  }

  /** The stored form (see the class comment). */
  public String encode() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(size * 3 + 4);
    varint(out, VERSION);
    varint(out, chunksPerGroup);
    long previous = 0;
    for (int i = 0; i < size; i++) {
      varint(out, offsets[i] - previous);
      varint(out, lengths[i]);
      previous = offsets[i];
    }
    return Base64.getUrlEncoder().withoutPadding().encodeToString(out.toByteArray());
  }

  /**
   * Reads back {@link #encode}'s text; null for null or text that is not timings (a record from
   * before they were kept).
   */
  public static ChunkTimings decode(String text) {
    if (text == null || text.isEmpty()) {
      return null;
    }
    try {
      byte[] b = Base64.getUrlDecoder().decode(text);
      int[] at = {0};
      if (varint(b, at) != VERSION) {
        return null;
      }
      ChunkTimings t = new ChunkTimings(Integer.MAX_VALUE);
      int perGroup = (int) varint(b, at);
      long offset = 0;
      while (at[0] < b.length) {
        offset += varint(b, at);
        t.add(offset, (int) varint(b, at));
      }
      t.chunksPerGroup = perGroup;
      t.chunksInLast = perGroup;
      return t;
    } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
      return null;
    }
  }

  private static void varint(ByteArrayOutputStream out, long value) {
    long v = value;
    while ((v & ~0x7FL) != 0) {
      out.write((int) ((v & 0x7F) | 0x80));
      v >>>= 7;
    }
    out.write((int) v);
  }

  private static long varint(byte[] b, int[] at) {
    long value = 0;
    int shift = 0;
    while (true) {
      byte x = b[at[0]++];
      value |= (long) (x & 0x7F) << shift;
      if ((x & 0x80) == 0) {
        return value;
      }
      shift += 7;
      if (shift > 63) {
        throw new IllegalArgumentException("varint too long");
      }
    }
  }
}
