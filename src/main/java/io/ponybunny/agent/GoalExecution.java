package io.ponybunny.agent;

import io.ponybunny.llm.api.LlmResponse;
import io.ponybunny.llm.api.ProviderException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One running goal: its budget, the LLM call in flight and the cancel switch. {@link #cancel()}
 * stops the current call (on the cancel executor, since closing a connection may block) and {@link
 * #await} ends at once with {@link GoalCancelledException}, without waiting for the call to wind
 * down. The duration budget is enforced the same way: a call still running at the deadline is
 * cancelled. In cluster mode it carries the fence of its claim, which every write of its runner
 * presents; {@link #loseLease()} stops it like a cancel, but its runner then writes nothing more.
 */
public final class GoalExecution {

  private static final long CANCEL_GRACE_MS = 2_000;
  private static final long CANCELLED_TOKENS_WAIT_MS = 200;

  private final String goalId;
  private final long fence;
  private final Executor cancelExecutor;
  private final CompletableFuture<Void> done = new CompletableFuture<>();
  private final CompletableFuture<Void> cancelSignal = new CompletableFuture<>();
  private volatile BudgetTracker budget;
  private volatile boolean cancelRequested;
  private volatile boolean shutdown;
  private volatile boolean leaseLost;
  private volatile LlmPort.Handle current;

  /**
   * @param goalId the goal
   * @param cancelExecutor runs {@link LlmPort.Handle#cancel()} off the caller's thread
   */
  public GoalExecution(String goalId, Executor cancelExecutor) {
    this(goalId, cancelExecutor, 0);
  }

  /**
   * @param goalId the goal
   * @param cancelExecutor runs {@link LlmPort.Handle#cancel()} off the caller's thread
   * @param fence the fence of the claim this execution runs under (0: a single node, unchecked)
   */
  public GoalExecution(String goalId, Executor cancelExecutor, long fence) {
    this.goalId = goalId;
    this.cancelExecutor = cancelExecutor;
    this.fence = fence;
  }

  public String goalId() {
    return goalId;
  }

  /** The fence every write of this execution presents (0: unchecked). */
  public long fence() {
    return fence;
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

  /**
   * Completes when a cancel (or a shutdown) is requested; a running tool call is then abandoned.
   */
  public CompletionStage<Void> cancelled() {
    return cancelSignal.minimalCompletionStage();
  }

  /** Requests cancellation and stops the LLM call in flight. */
  public void cancel() {
    cancelRequested = true;
    cancelSignal.complete(null);
    LlmPort.Handle h = current;
    if (h != null) {
      stop(h);
    }
  }

  private void stop(LlmPort.Handle h) {
    try {
      cancelExecutor.execute(h::cancel);
    } catch (RuntimeException e) {
      h.cancel();
    }
  }

  /** Stops the goal because the server is stopping; it ends failed, not cancelled. */
  public void shutdown() {
    shutdown = true;
    cancel();
  }

  /**
   * Stops the goal because this instance no longer holds it (another one took it over, or this one
   * hands it over while stopping): the runner ends without writing anything more.
   */
  public void loseLease() {
    leaseLost = true;
    cancel();
  }

  /** Whether the stop came from a lost lease ({@link #loseLease()}). */
  public boolean leaseLost() {
    return leaseLost;
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
        stop(handle);
        throw new GoalCancelledException();
      }
      CompletableFuture<LlmResponse> f = handle.result().toCompletableFuture();
      LlmResponse response;
      boolean timedOut = false;
      try {
        long remaining = budget.remainingMillis();
        CompletableFuture.anyOf(f, cancelSignal).get(Math.max(1, remaining), TimeUnit.MILLISECONDS);
        if (cancelRequested && !f.isDone()) {
          response = graceful(f, CANCELLED_TOKENS_WAIT_MS);
        } else {
          response = f.get();
        }
      } catch (TimeoutException e) {
        timedOut = true;
        stop(handle);
        response = graceful(f, CANCEL_GRACE_MS);
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
      stop(handle);
      throw new GoalCancelledException();
    } finally {
      current = null;
    }
  }

  private static LlmResponse graceful(CompletableFuture<LlmResponse> f, long waitMillis)
      throws InterruptedException {
    try {
      return f.get(waitMillis, TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      return null;
    }
  }

  private static RuntimeException unwrap(Throwable t) {
    Throwable c = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    return c instanceof RuntimeException re ? re : new IllegalStateException(c);
  }
}
