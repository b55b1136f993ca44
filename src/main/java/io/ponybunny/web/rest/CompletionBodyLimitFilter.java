package io.ponybunny.web.rest;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Answers 413 (problem JSON) to a {@link CompletionBodyLimit} request whose body is over {@code
 * ponybunny.completions.max-body-bytes}, as {@link BodyLimitFilter} does for 64 KiB: at once when
 * {@code Content-Length} says so, else by counting the bytes before anything parses them.
 */
@Provider
@CompletionBodyLimit
public class CompletionBodyLimitFilter implements ContainerRequestFilter {

  private volatile Long maxBytes;

  public CompletionBodyLimitFilter() {}

  /** For tests: a filter with this limit. */
  CompletionBodyLimitFilter(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  private long maxBytes() {
    Long max = maxBytes;
    if (max == null) {
      max = CompletionLimits.fromConfig(ConfigProvider.getConfig()).maxBodyBytes();
      maxBytes = max;
    }
    return max;
  }

  @Override
  public void filter(ContainerRequestContext request) throws IOException {
    long max = maxBytes();
    String length = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
    if (length != null) {
      try {
        if (Long.parseLong(length.strip()) > max) {
          request.abortWith(tooLarge(max));
          return;
        }
      } catch (NumberFormatException e) {
        // let the container judge a malformed header; the byte count below still applies
      }
    }
    if (!request.hasEntity()) {
      return;
    }
    InputStream in = request.getEntityStream();
    byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
    if (body.length > max) {
      request.abortWith(tooLarge(max));
      return;
    }
    request.setEntityStream(new ByteArrayInputStream(body));
  }

  private static Response tooLarge(long max) {
    return Problem.response(
        413,
        "Content Too Large",
        "The request body is larger than "
            + max
            + " bytes (ponybunny.completions.max-body-bytes).");
  }
}
