package io.ponybunny.llm.call;

import java.io.Closeable;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The open connection of one attempt: first the pending request, then the response being read.
 * Aborting it (cancel or timeout) closes whatever is open now or is attached later.
 */
final class Upstream {

  private final AtomicReference<Closeable> open = new AtomicReference<>();
  private final AtomicBoolean aborted = new AtomicBoolean();

  void attach(Closeable closeable) {
    open.set(closeable);
    if (aborted.get()) {
      closeQuietly(open.getAndSet(null));
    }
  }

  void abort() {
    if (aborted.compareAndSet(false, true)) {
      closeQuietly(open.getAndSet(null));
    }
  }

  boolean aborted() {
    return aborted.get();
  }

  private static void closeQuietly(Closeable c) {
    if (c != null) {
      try {
        c.close();
      } catch (IOException | RuntimeException ignored) {
        // the connection is gone either way
      }
    }
  }
}
