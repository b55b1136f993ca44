package io.ponybunny.ingress;

import io.ponybunny.llm.api.LlmResponse;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The HTTP answer of a streamed ingress call. It waits up to {@link #HEADER_WAIT} for the call's
 * first item so that a call failing at once (the provider refused it, every route is down) is
 * answered with the API's error and its HTTP status; after that the answer is {@code 200
 * text/event-stream} and a later failure goes out as the API's in-band error event. While the call
 * is silent a comment line ({@code : ping}) goes out every {@link #HEARTBEAT}: every SSE client
 * ignores it, and writing it is how a client that left is noticed. A client that left cancels the
 * call (the upstream connection closes; the stream ends {@code cancelled} with the usage so far)
 * within about two heartbeats.
 */
public final class SseStreaming {

  /** How long an answer waits for the call's first item before committing to {@code 200}. */
  static final Duration HEADER_WAIT = Duration.ofMillis(500);

  /** The longest silence on the wire while the call streams. */
  static final Duration HEARTBEAT = Duration.ofMillis(200);

  /** The response header naming the call's stream ({@code GET /api/streams/<id>}). */
  static final String REQUEST_ID = "X-PonyBunny-Request-Id";

  private static final Logger LOG = Logger.getLogger(SseStreaming.class.getName());
  private static final byte[] PING = ": ping\n\n".getBytes(StandardCharsets.US_ASCII);

  private SseStreaming() {}

  /**
   * The answer for {@code stream}; throws the call's {@link io.ponybunny.llm.api.ProviderException}
   * when it fails before anything was sent.
   */
  public static Response respond(IngressStream stream, StreamEncoder encoder) {
    IngressStream.Item first;
    try {
      first = stream.next(HEADER_WAIT);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stream.cancel();
      throw new IllegalStateException("interrupted", e);
    }
    if (first instanceof IngressStream.Item.Failed f) {
      throw f.error();
    }
    IngressStream.Item head = first;
    StreamingOutput body = out -> pump(stream, encoder, head, out);
    return Response.ok(body, "text/event-stream")
        .header("Cache-Control", "no-cache")
        .header("X-Accel-Buffering", "no")
        .header(REQUEST_ID, stream.call().requestId())
        .build();
  }

  /**
   * Answers {@code async} for {@code stream}: with {@code encoder}'s event stream when the client
   * streams (non-null {@code encoder}), else, once the call ends, with {@code whole}'s JSON body.
   * Either way a failure goes to the exception mappers, which give it the API's error shape.
   */
  public static void answer(
      IngressStream stream,
      StreamEncoder encoder,
      Function<LlmResponse, String> whole,
      AsyncResponse async) {
    String requestId = stream.call().requestId();
    if (encoder != null) {
      try {
        async.resume(respond(stream, encoder));
      } catch (RuntimeException e) {
        async.resume(e);
      }
      return;
    }
    stream
        .call()
        .result()
        .whenComplete(
            (response, error) -> {
              if (error == null) {
                async.resume(
                    Response.ok(whole.apply(response), MediaType.APPLICATION_JSON_TYPE)
                        .header(REQUEST_ID, requestId)
                        .build());
              } else {
                async.resume(
                    error instanceof CompletionException && error.getCause() != null
                        ? error.getCause()
                        : error);
              }
            });
  }

  /** Writes items until the call ends; a write that fails (the client left) cancels the call. */
  static void pump(
      IngressStream stream, StreamEncoder encoder, IngressStream.Item first, OutputStream out) {
    try {
      // The headers go out on their own first: written with the first event, Liberty held that
      // event until the next write (findings 10: TTFT +24 ms, the first chunk late by one
      // interval).
      out.flush();
      IngressStream.Item item = first;
      while (true) {
        if (item == null) {
          send(out, PING);
        } else {
          String text = encode(encoder, item);
          if (!text.isEmpty()) {
            send(out, text.getBytes(StandardCharsets.UTF_8));
          }
          if (!(item instanceof IngressStream.Item.Delta)) {
            return;
          }
        }
        item = stream.next(HEARTBEAT);
      }
    } catch (IOException e) {
      LOG.log(Level.FINE, "client of {0} left; cancelling", stream.call().requestId());
      stream.cancel();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stream.cancel();
    }
  }

  private static String encode(StreamEncoder encoder, IngressStream.Item item) {
    if (item instanceof IngressStream.Item.Delta d) {
      return encoder.delta(d.chunk());
    }
    if (item instanceof IngressStream.Item.Done d) {
      return encoder.end(d.response());
    }
    return encoder.error(((IngressStream.Item.Failed) item).error());
  }

  private static void send(OutputStream out, byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }
}
