package io.ponybunny;

import jakarta.enterprise.concurrent.ManagedExecutorDefinition;

/**
 * The application's managed executors. Long-lived provider stream reads and event delivery run
 * here: on virtual threads on Java 21+, on platform threads on Java 17, with the same code.
 */
@ManagedExecutorDefinition(name = ManagedExecutors.STREAM_EXECUTOR, virtual = true)
public final class ManagedExecutors {

  /** JNDI name of the executor that reads provider streams and delivers stream events. */
  public static final String STREAM_EXECUTOR = "java:app/concurrent/streams";

  private ManagedExecutors() {}
}
