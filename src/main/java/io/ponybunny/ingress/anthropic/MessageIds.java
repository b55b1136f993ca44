package io.ponybunny.ingress.anthropic;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * The ids an answer names, all derived from the call's request id so that the same call always
 * gives the same ids: the message id ({@code msg_…}), the tool-use ids a client's {@code
 * tool_result} refers back to ({@code toolu_…}, kept from the upstream when it sent a usable one)
 * and the opaque signature of a thinking block.
 */
public final class MessageIds {

  /** What Anthropic accepts as a tool-use id. */
  private static final Pattern TOOL_ID = Pattern.compile("[A-Za-z0-9_-]{1,256}");

  private MessageIds() {}

  /** The message id of the call {@code requestId}. */
  public static String message(String requestId) {
    return "msg_" + suffix(requestId);
  }

  /**
   * The id of the call's {@code index}-th tool call: the upstream's own {@code upstreamId} when it
   * sent one Anthropic accepts, else {@code toolu_<request>_<index>} (Gemini and Ollama send none).
   */
  public static String toolUse(String requestId, int index, String upstreamId) {
    if (upstreamId != null && TOOL_ID.matcher(upstreamId).matches()) {
      return upstreamId;
    }
    return "toolu_" + suffix(requestId) + "_" + index;
  }

  /**
   * The signature of the call's thinking block {@code index}: opaque and not verifiable (the
   * thinking may come from any upstream); clients that send thinking blocks back need one, and
   * PonyBunny drops such blocks when they come back.
   */
  public static String signature(String requestId, int index) {
    return Base64.getEncoder()
        .encodeToString(
            ("ponybunny:" + requestId + ":" + index).getBytes(StandardCharsets.US_ASCII));
  }

  private static String suffix(String requestId) {
    return requestId.startsWith("req_") ? requestId.substring(4) : requestId;
  }
}
