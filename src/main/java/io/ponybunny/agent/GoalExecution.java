package io.ponybunny.agent;

import io.ponybunny.llm.LlmResponse;
import io.ponybunny.llm.ProviderException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One running goal: its budget, the LLM call in flight and the cancel switch. {@link #cancel()}
 * stops the current call at once (closing its connection); {@link #await} then ends with {@link
 * GoalCancelledException}. The duration budget is enforced the same way: a call still running at
 * the deadline is cancelled.
 */
public final class GoalExecution {

  private static final long CANCEL_GRACE_MS = 2_000;

  private final String goalId;
  private final CompletableFuture<Void> done = new CompletableFuture<>();
  private volatile BudgetTracker budget;
  private volatile boolean cancelRequested;
  private volatile boolean shutdown;
  private volatile LlmPort.Handle current;

  public GoalExecution(String goalId) {
    this.goalId = goalId;
  }

  public String goalId() {
    return goalId;
  }

  public BudgetTracker budget() {
    return budget;
  }

  public void budget(BudgetTracker tracker) {
    this.budget = tracker;
  }

  /** Completes when the runner has written the goal's final status. */
  public CompletableFuture<Void> done() {
    return done;
  }

  /** Requests cancellation and stops the LLM call in flight. */
  public void cancel() {
    cancelRequested = true;
    LlmPort.Handle h = current;
    if (h != null) {
      h.cancel();
    }
  }

  /** Stops the goal because the server is stopping; it ends failed, not cancelled. */
  public void shutdown() {
    shutdown = true;
    cancel();
  }

  /** Whether the stop came from a server shutdown. */
  public boolean isShutdown() {
    return shutdown;
  }

  public boolean cancelRequested() {
    return cancelRequested;
  }

  /** Throws {@link GoalCancelledException} when a cancel was requested. */
  public void checkCancelled() {
    if (cancelRequested) {
      throw new GoalCancelledException();
    }
  }

  /**
   * Waits for a call, within the time budget. Adds its tokens to the budget. Throws {@link
   * GoalCancelledException}, {@link BudgetExceededException} or the call's {@link
   * ProviderException}.
   */
  public LlmResponse await(LlmPort.Handle handle) {
    current = handle;
    try {
      if (cancelRequested) {
        handle.cancel();
      }
      CompletableFuture<LlmResponse> f = handle.result().toCompletableFuture();
      LlmResponse response;
      boolean timedOut = false;
      try {
        long remaining = budget.remainingMillis();
        response = f.get(Math.max(1, remaining), TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        timedOut = true;
        handle.cancel();
        response = graceful(f);
      }
      if (response != null) {
        budget.addTokens(response.usage().total());
      }
      checkCancelled();
      if (timedOut) {
        throw new BudgetExceededException(
            "time budget exhausted: " + budget.budget().maxDurationSeconds() + " s elapsed");
      }
      return response;
    } catch (ExecutionException e) {
      checkCancelled();
      throw unwrap(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      handle.cancel();
      throw new GoalCancelledException();
    } finally {
      current = null;
    }
  }

  private static LlmResponse graceful(CompletableFuture<LlmResponse> f)
      throws InterruptedException {
    try {
      return f.get(CANCEL_GRACE_MS, TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      return null;
    }
  }

  private static RuntimeException unwrap(Throwable t) {
    Throwable c = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    return c instanceof RuntimeException re ? re : new IllegalStateException(c);
  }
}
