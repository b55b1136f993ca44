package io.ponybunny.ingress;

/** The request headers the ingress reads besides the APIs' own bodies. */
public final class IngressHeaders {

  /** Sent by every Anthropic SDK; its presence makes a request speak Anthropic's API. */
  public static final String ANTHROPIC_VERSION = "anthropic-version";

  /** Anthropic's API key header, accepted under {@code /v1} like {@code Authorization: Bearer}. */
  public static final String API_KEY = "x-api-key";

  /**
   * Attaches the call's stream to this goal channel (the caller must be allowed to use it), so it
   * shows on {@code /ws/goals/{goalId}} beside the goal's own streams.
   */
  public static final String GOAL_ID = "X-PonyBunny-Goal-Id";

  private IngressHeaders() {}
}
