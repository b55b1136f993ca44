package io.ponybunny.web.sse;

import io.ponybunny.broadcast.StreamFrames;
import io.ponybunny.event.StreamEvent;
import java.util.function.Consumer;

/**
 * The server-sent events of one completion ({@code POST /api/completions} with {@code Accept:
 * text/event-stream}): each of its {@code llm.stream.*} events as it is published, {@code event:}
 * its name and {@code data:} the very payload the WebSocket frames carry; the response ends once
 * the terminal event ({@code llm.stream.end} or {@code llm.stream.error}) is written. A client that
 * goes away before that cancels the call, and so does one that lets more than its bound of
 * characters wait unwritten ({@code ponybunny.ws.max-queued-bytes}: it does not read). Used as the
 * call's {@code onEvent}, on the thread that reads the provider: it never blocks.
 */
public final class CallEvents implements Consumer<StreamEvent> {

  private final SseOutput out;
  private final long maxUnwrittenChars;
  private volatile boolean ended;

  public CallEvents(SseOutput out, long maxUnwrittenChars) {
    this.out = out;
    this.maxUnwrittenChars = maxUnwrittenChars;
  }

  @Override
  public void accept(StreamEvent event) {
    if (event.terminal()) {
      ended = true;
    }
    if (out.isClosed()) {
      return;
    }
    if (out.unwrittenChars() > maxUnwrittenChars) {
      out.close();
      return;
    }
    var written = out.send(new SseMessage(null, event.eventName(), StreamFrames.data(event)));
    if (event.terminal()) {
      written.whenComplete((v, error) -> out.close());
    }
  }

  /**
   * The call runs: if the client leaves (or is dropped) before its end, {@code cancel} (the call's)
   * runs.
   */
  public void cancelsOnLeave(Runnable cancel) {
    out.onClosed(
        () -> {
          if (!ended) {
            cancel.run();
          }
        });
  }
}
