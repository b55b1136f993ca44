package io.ponybunny.agent.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

public class ToolInvokerTest {

  private static final JsonObject NO_ARGS = Json.createObjectBuilder().build();
  private static final long TIMEOUT_MS = 100;

  /** Runs tasks on a pool and releases one permit each time a task has completely ended. */
  private final ExecutorService pool = Executors.newCachedThreadPool();

  private final Semaphore tasksEnded = new Semaphore(0);
  private final ToolInvoker invoker =
      new ToolInvoker(
          r ->
              pool.execute(
                  () -> {
                    try {
                      r.run();
                    } finally {
                      tasksEnded.release();
                    }
                  }),
          TIMEOUT_MS);
  private final ToolContext ctx = new ToolContext("g1", Map.of());

  @AfterEach
  void stopPool() {
    pool.shutdownNow();
  }

  public static Tool tool(String name, Function<JsonObject, String> body) {
    return new Tool() {
      public String name() {
        return name;
      }

      public String description() {
        return name;
      }

      public JsonObject parameters() {
        return Json.createObjectBuilder().add("type", "object").build();
      }

      public String execute(JsonObject arguments, ToolContext context) {
        return body.apply(arguments);
      }
    };
  }

  @Test
  void aToolThatBlocksInterruptiblyIsStoppedAndInterrupted() throws Exception {
    CountDownLatch interrupted = new CountDownLatch(1);
    Tool blocking =
        tool(
            "blocking",
            a -> {
              try {
                new CountDownLatch(1).await();
                return "never";
              } catch (InterruptedException e) {
                interrupted.countDown();
                throw new ToolException("interrupted");
              }
            });
    String observation = invoker.invoke(blocking, NO_ARGS, ctx);
    assertEquals(
        "Error: tool blocking failed: no answer within 100 ms, so it was stopped", observation);
    assertTrue(interrupted.await(10, TimeUnit.SECONDS), "the tool's thread was interrupted");
    assertTrue(tasksEnded.tryAcquire(10, TimeUnit.SECONDS));
    assertEquals(0, invoker.stuck("blocking"), "an interrupted call that ended is not stuck");
  }

  @Test
  void aToolThatIgnoresInterruptsIsAbandonedAndRefusedOnceTooManyAreStuck() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger started = new AtomicInteger();
    Tool stubborn =
        tool(
            "stubborn",
            a -> {
              started.incrementAndGet();
              while (release.getCount() > 0) {
                try {
                  release.await();
                } catch (InterruptedException ignored) {
                  // a badly written tool: keeps waiting
                }
              }
              return "late";
            });
    for (int i = 1; i <= ToolInvoker.MAX_STUCK; i++) {
      assertTrue(invoker.invoke(stubborn, NO_ARGS, ctx).contains("no answer within 100 ms"));
      assertEquals(i, invoker.stuck("stubborn"));
    }
    String refused = invoker.invoke(stubborn, NO_ARGS, ctx);
    assertTrue(refused.startsWith("Error: tool stubborn failed: 4 earlier calls"), refused);
    assertEquals(ToolInvoker.MAX_STUCK, started.get(), "the refused call never started");

    Tool other = tool("other", a -> "fine");
    assertEquals("fine", invoker.invoke(other, NO_ARGS, ctx), "other tools still run");

    release.countDown();
    assertTrue(tasksEnded.tryAcquire(ToolInvoker.MAX_STUCK + 1, 10, TimeUnit.SECONDS));
    assertEquals(0, invoker.stuck("stubborn"));
    assertEquals("late", invoker.invoke(stubborn, NO_ARGS, ctx), "started again once unstuck");
  }

  @Test
  void anyThrowableBecomesAnObservation() {
    assertEquals(
        "Error: tool npe failed (NullPointerException)",
        invoker.invoke(
            tool(
                "npe",
                a -> {
                  throw new NullPointerException("x");
                }),
            NO_ARGS,
            ctx));
    assertEquals(
        "Error: tool deep failed (StackOverflowError)",
        invoker.invoke(
            tool(
                "deep",
                a -> {
                  throw new StackOverflowError();
                }),
            NO_ARGS,
            ctx));
    assertEquals(
        "Error: tool assert failed (AssertionError)",
        invoker.invoke(
            tool(
                "assert",
                a -> {
                  throw new AssertionError("no");
                }),
            NO_ARGS,
            ctx));
    assertEquals(
        "Error: bad input",
        invoker.invoke(
            tool(
                "tool",
                a -> {
                  throw new ToolException("bad input");
                }),
            NO_ARGS,
            ctx));
  }

  @Test
  void aCancelledGoalStopsItsToolCallAtOnce() throws Exception {
    CompletableFuture<Void> cancel = new CompletableFuture<>();
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch interrupted = new CountDownLatch(1);
    ToolInvoker slow = new ToolInvoker(pool, 60_000);
    Tool blocking =
        tool(
            "blocking",
            a -> {
              running.countDown();
              try {
                new CountDownLatch(1).await();
                return "never";
              } catch (InterruptedException e) {
                interrupted.countDown();
                return "interrupted";
              }
            });
    CompletableFuture<String> call =
        CompletableFuture.supplyAsync(
            () -> slow.invoke(blocking, NO_ARGS, new ToolContext("g1", Map.of(), cancel)), pool);
    assertTrue(running.await(10, TimeUnit.SECONDS));
    cancel.complete(null);
    assertEquals(
        "Error: tool blocking was stopped: the goal is ending", call.get(10, TimeUnit.SECONDS));
    assertTrue(interrupted.await(10, TimeUnit.SECONDS));
  }

  @Test
  void aRefusingExecutorIsAnObservation() {
    ToolInvoker stopping =
        new ToolInvoker(
            r -> {
              throw new java.util.concurrent.RejectedExecutionException("stopping");
            },
            TIMEOUT_MS);
    assertTrue(
        stopping
            .invoke(tool("t", a -> "x"), NO_ARGS, ctx)
            .startsWith("Error: tool t failed: it could not be started"));
  }

  @Test
  void theRegistryRunsEveryCallThroughItsInvoker() {
    ToolRegistry registry =
        new ToolRegistry(
            List.of(
                tool(
                    "hang",
                    a -> {
                      try {
                        new CountDownLatch(1).await();
                      } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                      }
                      return "interrupted";
                    })),
            invoker);
    assertEquals(
        "Error: tool hang failed: no answer within 100 ms, so it was stopped",
        registry.run("hang", "{}", ctx));
  }
}
