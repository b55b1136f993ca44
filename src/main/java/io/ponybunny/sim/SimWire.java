package io.ponybunny.sim;

import java.util.List;

/** A pure encoder of one provider's HTTP wire format. */
public interface SimWire {

  /** The Content-Type of a streaming response. */
  String streamMediaType();

  /** The complete stream, frame by frame, in order. */
  List<SimFrame> streamFrames(SimTurn turn);

  /**
   * The provider's mid-stream error frame; the stream ends after it.
   *
   * @param framesWritten how many regular frames were already written (sequence numbers, JSON-array
   *     opening bracket)
   */
  SimFrame midStreamError(SimTurn turn, int framesWritten);

  /** One frame whose data is not valid JSON. */
  SimFrame malformedFrame(SimTurn turn);

  /** The complete non-streaming response body ({@code application/json}). */
  String completeBody(SimTurn turn);

  /**
   * The provider's error response.
   *
   * @param status HTTP status
   * @param message human-readable message
   * @param retryAfterSeconds retry hint, or null
   */
  SimHttpError httpError(int status, String message, Integer retryAfterSeconds);
}
