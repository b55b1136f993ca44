package io.ponybunny.broadcast;

import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonGenerator;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * A newcomer's snapshot as captured under the channel's lock (its seq and its streams' views),
 * encoded after the lock is released ({@code docs/streaming-protocol.md}).
 *
 * @param position the channel's epoch and the seq of its last event before the snapshot
 * @param streams finished streams oldest first, then active ones
 * @param recovered null on a first connection, false on a resume that could not be served
 */
record Snapshot(StreamPosition position, Boolean recovered, List<StreamView> streams) {

  private static final JsonProvider JSON = JsonProvider.provider();

  /**
   * The snapshot frame in at most {@code budget} characters: every active stream and as many of the
   * most recent finished ones as fit (the left-out oldest are counted in {@code omitted}); null
   * when the active streams alone do not fit.
   */
  String encode(long budget) {
    List<String> active = new ArrayList<>();
    List<String> finished = new ArrayList<>(); // newest first
    int finishedCount = 0;
    long size = header(Integer.MAX_VALUE).length() + 2;
    for (StreamView s : streams) {
      if (s.active()) {
        String element = element(s);
        active.add(element);
        size += element.length() + 1;
      } else {
        finishedCount++;
      }
    }
    if (size > budget) {
      return null;
    }
    for (int i = streams.size() - 1; i >= 0; i--) {
      StreamView s = streams.get(i);
      if (s.active()) {
        continue;
      }
      String element = element(s);
      if (size + element.length() + 1 > budget) {
        break;
      }
      finished.add(element);
      size += element.length() + 1;
    }
    int omitted = finishedCount - finished.size();
    StringBuilder out = new StringBuilder((int) Math.min(Integer.MAX_VALUE - 8, size));
    out.append(header(omitted)).append('[');
    boolean first = true;
    for (int i = finished.size() - 1; i >= 0; i--) {
      first = append(out, finished.get(i), first);
    }
    for (String element : active) {
      first = append(out, element, first);
    }
    return out.append("]}").toString();
  }

  /** Everything, without a bound. */
  String encode() {
    return encode(Long.MAX_VALUE);
  }

  private static boolean append(StringBuilder out, String element, boolean first) {
    if (!first) {
      out.append(',');
    }
    out.append(element);
    return false;
  }

  /**
   * {@code {"type":"snapshot","epoch":…,"seq":…[,"recovered":false][,"omitted":n],"streams":}};
   * {@code omitted} only when positive ({@link Integer#MAX_VALUE} sizes the longest header).
   */
  private String header(int omitted) {
    StringBuilder h =
        new StringBuilder(96)
            .append("{\"type\":\"snapshot\",\"epoch\":\"")
            .append(position.epoch())
            .append("\",\"seq\":")
            .append(position.seq());
    if (recovered != null) {
      h.append(",\"recovered\":").append(recovered);
    }
    if (omitted > 0) {
      h.append(",\"omitted\":").append(omitted);
    }
    return h.append(",\"streams\":").toString();
  }

  private static String element(StreamView s) {
    StringWriter out = new StringWriter(256 + s.content().length());
    try (JsonGenerator g = JSON.createGenerator(out)) {
      s.write(g);
    }
    return out.toString();
  }
}
