package io.ponybunny.llm.provider.gemini;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Gemini with the API's default streaming framing: {@code :streamGenerateContent} without {@code
 * alt=sse} answers one JSON array whose elements arrive as they are generated. Some proxies and
 * gateways only pass this framing through; the parser reads it incrementally.
 */
@ApplicationScoped
public class GeminiJsonArrayAdapter extends GeminiAdapter {

  /** Protocol id of this framing. */
  public static final String PROTOCOL = "gemini-json-array";

  @Override
  public String protocol() {
    return PROTOCOL;
  }

  @Override
  protected String streamMethod() {
    return ":streamGenerateContent";
  }
}
