package io.ponybunny.web.websocket;

import io.ponybunny.broadcast.StreamPosition;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The resume point of a socket's query, {@code ?epoch=E&since=S} (both or neither; {@code E}: 1-100
 * of {@code A-Z a-z 0-9 . _ -}, {@code S}: a non-negative integer), or why it is refused with 1008.
 *
 * @param position where to resume, null for a first connection (or when refused)
 * @param refusal the close reason of a malformed query, else null
 */
public record ResumeQuery(StreamPosition position, String refusal) {

  private static final Pattern EPOCH = Pattern.compile("[A-Za-z0-9._-]{1,100}");

  /** The resume point of a request's query parameters (the first value of each counts). */
  public static ResumeQuery parse(Map<String, List<String>> params) {
    String epoch = first(params, "epoch");
    String sinceText = first(params, "since");
    Long since = null;
    if (sinceText != null) {
      try {
        since = Long.parseLong(sinceText);
      } catch (NumberFormatException e) {
        since = -1L;
      }
      if (since < 0) {
        return refused("invalid since: a non-negative integer");
      }
    }
    if (epoch != null && !EPOCH.matcher(epoch).matches()) {
      return refused("invalid epoch");
    }
    if ((epoch == null) != (since == null)) {
      return refused("resume needs both epoch and since");
    }
    return new ResumeQuery(epoch == null ? null : new StreamPosition(epoch, since), null);
  }

  /** A refused resume point: the reason of the refusal. */
  public static ResumeQuery refused(String reason) {
    return new ResumeQuery(null, reason);
  }

  private static String first(Map<String, List<String>> params, String name) {
    List<String> values = params.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }
}
