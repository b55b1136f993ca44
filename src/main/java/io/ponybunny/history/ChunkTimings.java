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
 * groups cover the whole stream evenly and their lengths still add up to its text. Not thread-safe.
 *
 * <p>Stored as text ({@link #encode}): base64url of unsigned varints, a version (1), the chunks per
 * group, then per group the milliseconds since the previous group's arrival (the first: since the
 * stream's start) and its length in UTF-16 characters: 2–4 bytes per group.
 */
public final class ChunkTimings {

  private static final int VERSION = 1;

  private final int maxGroups;
  private final List<long[]> groups = new ArrayList<>(); // {offsetMs, length}
  private int chunksPerGroup = 1;
  private int chunksInLast;

  /** Empty timings of at most {@code maxGroups} groups (at least 2). */
  public ChunkTimings(int maxGroups) {
    this.maxGroups = Math.max(2, maxGroups);
  }

  /** A chunk of {@code length} characters arrived {@code offsetMs} after the stream started. */
  public void add(long offsetMs, int length) {
    long offset = Math.max(0, offsetMs);
    if (!groups.isEmpty() && chunksInLast < chunksPerGroup) {
      long[] last = groups.get(groups.size() - 1);
      last[0] = Math.max(last[0], offset);
      last[1] += length;
      chunksInLast++;
      return;
    }
    if (groups.size() == maxGroups) {
      halve();
      add(offset, length);
      return;
    }
    groups.add(new long[] {offset, length});
    chunksInLast = 1;
  }

  private void halve() {
    List<long[]> merged = new ArrayList<>(maxGroups / 2 + 1);
    for (int i = 0; i < groups.size(); i += 2) {
      long[] a = groups.get(i);
      if (i + 1 < groups.size()) {
        long[] b = groups.get(i + 1);
        merged.add(new long[] {b[0], a[1] + b[1]});
      } else {
        merged.add(a);
      }
    }
    // an odd count left the last group alone: it holds fewer chunks than the new size
    boolean lastWhole = groups.size() % 2 == 0 && chunksInLast == chunksPerGroup;
    chunksInLast = lastWhole ? chunksPerGroup * 2 : chunksInLast;
    groups.clear();
    groups.addAll(merged);
    chunksPerGroup *= 2;
  }

  /** How many groups are kept. */
  public int size() {
    return groups.size();
  }

  /** The arrival of each group, in milliseconds after the stream's start. */
  public List<Long> offsetsMs() {
    return groups.stream().map(g -> g[0]).toList();
  }

  /** The characters each group carried. */
  public List<Integer> lengths() {
    return groups.stream().map(g -> (int) g[1]).toList();
  }

  /** The stored form (see the class comment). */
  public String encode() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(groups.size() * 3 + 4);
    varint(out, VERSION);
    varint(out, chunksPerGroup);
    long previous = 0;
    for (long[] g : groups) {
      varint(out, g[0] - previous);
      varint(out, g[1]);
      previous = g[0];
    }
    return Base64.getUrlEncoder().withoutPadding().encodeToString(out.toByteArray());
  }

  /**
   * Reads back {@link #encode}'s text; null for null or text that is not timings (a record from
   * before they were kept).
   */
  public static ChunkTimings decode(String text, int maxGroups) {
    if (text == null || text.isEmpty()) {
      return null;
    }
    try {
      byte[] b = Base64.getUrlDecoder().decode(text);
      int[] at = {0};
      if (varint(b, at) != VERSION) {
        return null;
      }
      ChunkTimings t = new ChunkTimings(Math.max(maxGroups, 2));
      t.chunksPerGroup = (int) varint(b, at);
      long offset = 0;
      while (at[0] < b.length) {
        offset += varint(b, at);
        long length = varint(b, at);
        t.groups.add(new long[] {offset, length});
      }
      t.chunksInLast = t.chunksPerGroup;
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
