package io.ponybunny.web.rest;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Answers 413 (problem JSON) to a {@link BodyLimit} request whose body is over its limit (64 KiB,
 * or the completions' {@code ponybunny.completions.max-body-bytes}): at once when {@code
 * Content-Length} says so, else by counting the bytes (chunked bodies) before anything parses them.
 */
@Provider
@BodyLimit
public class BodyLimitFilter implements ContainerRequestFilter {

  /** The largest accepted body unless the method says otherwise: 64 KiB. */
  public static final int MAX_BYTES = 64 * 1024;

  @Context ResourceInfo resource;

  private volatile Long completionsMaxBytes;

  public BodyLimitFilter() {}

  /** For tests: a filter whose completions limit is {@code completionsMaxBytes}. */
  BodyLimitFilter(long completionsMaxBytes) {
    this.completionsMaxBytes = completionsMaxBytes;
  }

  @Override
  public void filter(ContainerRequestContext request) throws IOException {
    BodyLimit limit =
        resource == null || resource.getResourceMethod() == null
            ? null
            : resource.getResourceMethod().getAnnotation(BodyLimit.class);
    if (limit != null && limit.completions()) {
      enforce(request, completionsMaxBytes(), "ponybunny.completions.max-body-bytes");
    } else {
      enforce(request, MAX_BYTES, "64 KiB");
    }
  }

  private long completionsMaxBytes() {
    Long max = completionsMaxBytes;
    if (max == null) {
      max = CompletionLimits.fromConfig(ConfigProvider.getConfig()).maxBodyBytes();
      completionsMaxBytes = max;
    }
    return max;
  }

  /** Aborts {@code request} with 413 when its body is over {@code max} bytes. */
  static void enforce(ContainerRequestContext request, long max, String what) throws IOException {
    String length = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
    if (length != null) {
      try {
        if (Long.parseLong(length.strip()) > max) {
          request.abortWith(tooLarge(max, what));
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
      request.abortWith(tooLarge(max, what));
      return;
    }
    request.setEntityStream(new ByteArrayInputStream(body));
  }

  private static Response tooLarge(long max, String what) {
    return Problem.response(
        413,
        "Content Too Large",
        "The request body is larger than " + max + " bytes (" + what + ").");
  }
}
