package io.ponybunny.sim;

/**
 * Thrown after a {@code cut-after-bytes} stream wrote its bytes, so the container aborts the
 * response instead of ending it cleanly. Unchecked on purpose: a container may treat an {@link
 * java.io.IOException} from the body writer as a client abort and close the response normally.
 */
public final class SimCutException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public SimCutException(long bytes) {
    super(
        "simulator cut the response after " + bytes + " bytes (cut-after-bytes)",
        null,
        false,
        false);
  }
}
