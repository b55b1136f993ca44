package io.ponybunny.broadcast.redis;

import io.ponybunny.broadcast.redis.RedisChannelLog.Entry;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads entries in the two shapes the scripts give them: a pub/sub message ({@code
 * <epoch>\n<seq>\n<name>\n<ts>\n<data>}; only data may hold newlines, and it comes last) and XRANGE
 * rows ({@code [<seq>-1, [name, …, ts, …, data, …]]}).
 */
final class Entries {

  private Entries() {}

  /** The entry a pub/sub message carries, or null when the message is not one. */
  static Entry fromMessage(String message) {
    int a = message.indexOf('\n');
    int b = a < 0 ? -1 : message.indexOf('\n', a + 1);
    int c = b < 0 ? -1 : message.indexOf('\n', b + 1);
    int d = c < 0 ? -1 : message.indexOf('\n', c + 1);
    if (d < 0) {
      return null;
    }
    try {
      return new Entry(
          message.substring(0, a),
          Long.parseLong(message.substring(a + 1, b)),
          message.substring(b + 1, c),
          Long.parseLong(message.substring(c + 1, d)),
          message.substring(d + 1));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** The entries of XRANGE {@code rows} in {@code epoch}. */
  static List<Entry> fromRows(String epoch, List<?> rows) {
    List<Entry> entries = new ArrayList<>(rows.size());
    for (Object row : rows) {
      List<?> r = (List<?>) row;
      String id = (String) r.get(0);
      List<?> fields = (List<?>) r.get(1);
      String name = null;
      String ts = null;
      String data = null;
      for (int i = 0; i + 1 < fields.size(); i += 2) {
        String value = (String) fields.get(i + 1);
        switch ((String) fields.get(i)) {
          case "name" -> name = value;
          case "ts" -> ts = value;
          case "data" -> data = value;
          default -> {}
        }
      }
      entries.add(
          new Entry(
              epoch,
              Long.parseLong(id.substring(0, id.indexOf('-'))),
              name,
              Long.parseLong(ts),
              data));
    }
    return entries;
  }
}
