package io.ponybunny.web.rest;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Answers 413 (problem JSON) to a {@link BodyLimit} request whose body is over 64 KiB: at once when
 * {@code Content-Length} says so, else by counting the bytes (chunked bodies) before anything
 * parses them.
 */
@Provider
@BodyLimit
public class BodyLimitFilter implements ContainerRequestFilter {

  /** The largest accepted body: 64 KiB. */
  public static final int MAX_BYTES = 64 * 1024;

  @Override
  public void filter(ContainerRequestContext request) throws IOException {
    String length = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
    if (length != null) {
      try {
        if (Long.parseLong(length.strip()) > MAX_BYTES) {
          request.abortWith(tooLarge());
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
    byte[] body = in.readNBytes(MAX_BYTES + 1);
    if (body.length > MAX_BYTES) {
      request.abortWith(tooLarge());
      return;
    }
    request.setEntityStream(new ByteArrayInputStream(body));
  }

  private static jakarta.ws.rs.core.Response tooLarge() {
    return Problem.response(
        413,
        "Content Too Large",
        "The request body is larger than " + MAX_BYTES + " bytes (64 KiB).");
  }
}
