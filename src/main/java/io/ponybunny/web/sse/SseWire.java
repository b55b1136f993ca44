package io.ponybunny.web.sse;

import io.ponybunny.broadcast.transport.Wire;
import io.ponybunny.llm.json.JsonSupport;
import jakarta.websocket.CloseReason;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A goal channel's subscriber on a server-sent event stream: the broadcast's sender hands it
 * WebSocket frames one send at a time, and it writes them as events ({@link SseFrames}); a send is
 * done when its last event is written. It sends only asynchronously (the container's non-blocking
 * output). Where a WebSocket would be closed with a code, the stream gets one last {@code event:
 * close} whose data is {@code {"code":…,"reason":…}} (the same codes and reasons as the
 * WebSocket's, {@code docs/streaming-protocol.md}) and then ends.
 */
public final class SseWire implements Wire {

  /** The event name of the last event before the server ends the stream. */
  public static final String CLOSE = "close";

  private static final Logger LOG = Logger.getLogger(SseWire.class.getName());

  private final SseOutput out;

  public SseWire(SseOutput out) {
    this.out = out;
  }

  @Override
  public void sendAsync(String frame, SendHandler done) {
    List<SseMessage> events;
    try {
      events = SseFrames.of(frame);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "a frame could not be turned into server-sent events", e);
      done.onResult(new SendResult(e));
      return;
    }
    CompletionStage<Void> last = null;
    for (SseMessage m : events) {
      last = out.send(m);
    }
    if (last == null) {
      done.onResult(new SendResult());
      return;
    }
    last.whenComplete(
        (v, error) -> done.onResult(error == null ? new SendResult() : new SendResult(error)));
  }

  @Override
  public void sendBlocking(String frame) {
    throw new UnsupportedOperationException("server-sent events are sent asynchronously");
  }

  @Override
  public boolean blockingSends() {
    return false;
  }

  @Override
  public boolean isOpen() {
    return !out.isClosed();
  }

  /**
   * Sends {@code event: close} with the code and reason, then ends the stream once it is written.
   */
  @Override
  public void close(CloseReason reason) {
    String data =
        JsonSupport.objectBuilder()
            .add("code", reason.getCloseCode().getCode())
            .add("reason", reason.getReasonPhrase())
            .build()
            .toString();
    out.send(new SseMessage(null, CLOSE, data)).whenComplete((v, error) -> out.close());
  }
}
