package io.ponybunny.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ponybunny.agent.tools.CalculatorTool;
import io.ponybunny.agent.tools.ScratchpadTool;
import io.ponybunny.agent.tools.Tool;
import io.ponybunny.agent.tools.ToolContext;
import io.ponybunny.agent.tools.ToolInvoker;
import io.ponybunny.agent.tools.ToolInvokerTest;
import io.ponybunny.agent.tools.ToolRegistry;
import io.ponybunny.event.StreamOrigin;
import io.ponybunny.llm.api.ChatMessage;
import io.ponybunny.llm.api.FinishReason;
import io.ponybunny.llm.api.LlmCompletionOptions;
import io.ponybunny.llm.api.LlmResponse;
import io.ponybunny.llm.api.TokenUsage;
import io.ponybunny.llm.api.ToolCall;
import jakarta.json.Json;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class ReactLoopTest {

  /**
   * A scripted model: answers the queued answers in order and records each call. An answer is made
   * when its call starts: it may act first (cancel, move a clock) or throw (the call fails).
   */
  static final class ScriptedLlm implements LlmPort {
    final Deque<Supplier<LlmResponse>> answers = new ArrayDeque<>();
    final List<List<ChatMessage>> prompts = new ArrayList<>();
    final List<LlmCompletionOptions> options = new ArrayList<>();
    boolean hang;
    boolean ignoreCancel;
    final List<CompletableFuture<LlmResponse>> pending = new ArrayList<>();

    ScriptedLlm say(String text) {
      return answer(() -> response(text, List.of(), FinishReason.STOP));
    }

    /** The next call fails with {@code error}. */
    ScriptedLlm fail(RuntimeException error) {
      return answer(
          () -> {
            throw error;
          });
    }

    ScriptedLlm answer(Supplier<LlmResponse> answer) {
      answers.add(answer);
      return this;
    }

    @Override
    public Handle start(String model, List<ChatMessage> messages, LlmCompletionOptions o) {
      prompts.add(messages);
      options.add(o);
      CompletableFuture<LlmResponse> f = new CompletableFuture<>();
      if (!hang) {
        try {
          f.complete(answers.removeFirst().get());
        } catch (RuntimeException e) {
          f.completeExceptionally(e);
        }
      } else {
        pending.add(f);
      }
      return new Handle() {
        public String requestId() {
          return "req" + prompts.size();
        }

        public CompletionStage<LlmResponse> result() {
          return f;
        }

        public void cancel() {
          if (!ignoreCancel) {
            f.complete(response("", List.of(), FinishReason.CANCELLED));
          }
        }
      };
    }
  }

  static LlmResponse response(String text, List<ToolCall> calls, FinishReason finish) {
    return new LlmResponse(text, null, calls, new TokenUsage(10, 5), finish, null, null);
  }

  private final ScriptedLlm llm = new ScriptedLlm();
  private final ToolRegistry tools =
      new ToolRegistry(List.of(new CalculatorTool(), new ScratchpadTool()));
  private final List<ReactLoop.StepRecord> steps = new ArrayList<>();
  private int tokens;

  private ReactLoop loop(GoalExecution execution) {
    return new ReactLoop(
        llm,
        tools,
        execution,
        new ReactLoop.RunIds("sim/x", "g1", "w1", "r1", "alice"),
        256,
        new ReactLoop.Listener() {
          public void step(ReactLoop.StepRecord s) {
            steps.add(s);
          }

          public void tokens(int t) {
            tokens += t;
          }
        });
  }

  private static GoalExecution execution(Budget budget) {
    GoalExecution e = new GoalExecution("g1", Runnable::run);
    e.budget(new BudgetTracker(budget, Clock.systemUTC(), 0));
    return e;
  }

  private final ToolContext ctx = new ToolContext("g1", Map.of());

  @Test
  void actionObservationFinalAnswer() {
    llm.say("Thought: compute\nAction: calculator\nAction Input: {\"expression\": \"17 * 23 + 4\"}")
        .say("Thought: I now know the final answer.\nFinal Answer: 395");
    String answer = loop(execution(Budget.DEFAULT)).run("Question: What is 17 * 23 + 4?", ctx);
    assertEquals("395", answer);
    assertEquals(2, steps.size());
    assertEquals("calculator", steps.get(0).action());
    assertEquals("395", steps.get(0).observation());
    assertEquals("395", steps.get(1).finalAnswer());
    assertEquals(30, tokens);
    // the second turn saw the observation; every call streamed with the run's ids
    List<ChatMessage> second = llm.prompts.get(1);
    assertEquals("Observation: 395", second.get(second.size() - 1).content());
    assertTrue(second.get(0).content().contains("Action Input:"), "the ReAct system prompt");
    for (LlmCompletionOptions o : llm.options) {
      assertTrue(o.stream());
      assertEquals(new StreamOrigin("g1", "w1", "r1"), o.origin());
      assertEquals(256, o.maxTokens());
      assertEquals(2, o.tools().size());
    }
  }

  @Test
  void nativeToolCallsAreRun() {
    llm.answer(
        () ->
            response(
                "",
                List.of(
                    new ToolCall(
                        "c1",
                        "calculator",
                        Json.createObjectBuilder().add("expression", "6*7").build(),
                        "{\"expression\":\"6*7\"}")),
                FinishReason.TOOL_CALLS));
    llm.say("Final Answer: 42");
    assertEquals("42", loop(execution(Budget.DEFAULT)).run("q", ctx));
    assertEquals("calculator", steps.get(0).action());
    assertEquals("42", steps.get(0).observation());
  }

  @Test
  void aToolThatHangsOrThrowsAnErrorIsAnObservationAndTheLoopGoesOn() {
    Tool hang =
        ToolInvokerTest.tool(
            "hang",
            a -> {
              while (true) {
                try {
                  new CountDownLatch(1).await();
                } catch (InterruptedException ignored) {
                  // never gives up its thread
                }
              }
            });
    Tool crash =
        ToolInvokerTest.tool(
            "crash",
            a -> {
              throw new OutOfMemoryError("simulated");
            });
    ToolRegistry fragile = new ToolRegistry(List.of(hang, crash), ToolInvoker.onNewThreads(50));
    llm.say("Action: hang\nAction Input: {}")
        .say("Action: crash\nAction Input: {}")
        .say("Final Answer: done anyway");
    ReactLoop loop =
        new ReactLoop(
            llm,
            fragile,
            execution(Budget.DEFAULT),
            new ReactLoop.RunIds("sim/x", "g1", "w1", "r1", "alice"),
            256,
            new ReactLoop.Listener() {
              public void step(ReactLoop.StepRecord s) {
                steps.add(s);
              }

              public void tokens(int t) {}
            });
    assertEquals("done anyway", loop.run("q", ctx));
    assertEquals(
        "Error: tool hang failed: no answer within 50 ms, so it was stopped",
        steps.get(0).observation());
    assertEquals("Error: tool crash failed (OutOfMemoryError)", steps.get(1).observation());
  }

  @Test
  void aToolFailureIsAnObservationAndTheLoopGoesOn() {
    llm.say("Action: calculator\nAction Input: {\"expression\": \"1/0\"}")
        .say("Final Answer: undefined");
    assertEquals("undefined", loop(execution(Budget.DEFAULT)).run("q", ctx));
    assertTrue(steps.get(0).observation().startsWith("Error: division by zero"));
  }

  @Test
  void malformedOutputGetsAReminderThenPlainTextIsTakenAsTheAnswer() {
    llm.say("I think it is 4.").say("It is 4.");
    assertEquals("It is 4.", loop(execution(Budget.DEFAULT)).run("q", ctx));
    assertTrue(steps.get(0).observation().contains("Final Answer"), steps.get(0).observation());
    assertNull(steps.get(0).action());
    assertEquals("It is 4.", steps.get(1).finalAnswer());
  }

  @Test
  void outputsCutAtTheTokenLimitFailAfterThreeTries() {
    for (int i = 0; i < 3; i++) {
      llm.answer(() -> response("Thought: let me", List.of(), FinishReason.LENGTH));
    }
    AgentFailureException e =
        assertThrows(
            AgentFailureException.class, () -> loop(execution(Budget.DEFAULT)).run("q", ctx));
    assertTrue(e.getMessage().contains("ReAct format"));
    assertTrue(steps.get(0).observation().contains("cut off"));
  }

  @Test
  void theStepBudgetStopsALoopThatNeverAnswers() {
    for (int i = 0; i < 5; i++) {
      llm.say("Action: calculator\nAction Input: {\"expression\": \"1+1\"}");
    }
    BudgetExceededException e =
        assertThrows(
            BudgetExceededException.class,
            () -> loop(execution(new Budget(1000, 3, 60))).run("q", ctx));
    assertTrue(e.getMessage().contains("step budget"));
    assertEquals(3, llm.prompts.size(), "no call beyond the budget");
  }

  @Test
  void theTokenBudgetStopsTheLoopAndLimitsEachCall() {
    for (int i = 0; i < 5; i++) {
      llm.say("Action: calculator\nAction Input: {\"expression\": \"1+1\"}");
    }
    BudgetExceededException e =
        assertThrows(
            BudgetExceededException.class,
            () -> loop(execution(new Budget(40, 10, 60))).run("q", ctx));
    assertTrue(e.getMessage().contains("token budget"));
    assertEquals(3, llm.prompts.size(), "15 tokens per call: the fourth would exceed 40");
    assertEquals(10, llm.options.get(2).maxTokens(), "the last call may only use what is left");
  }

  @Test
  void cancelStopsTheCallInFlight() throws Exception {
    llm.hang = true;
    GoalExecution execution = execution(Budget.DEFAULT);
    CompletableFuture<Throwable> outcome = new CompletableFuture<>();
    Thread t =
        new Thread(
            () -> {
              try {
                loop(execution).run("q", ctx);
                outcome.complete(null);
              } catch (Throwable e) {
                outcome.complete(e);
              }
            });
    t.start();
    while (llm.pending.isEmpty()) {
      Thread.onSpinWait();
    }
    execution.cancel();
    Throwable e = outcome.get(5, java.util.concurrent.TimeUnit.SECONDS);
    assertTrue(e instanceof GoalCancelledException, String.valueOf(e));
    assertTrue(llm.pending.get(0).isDone(), "the call was cancelled, not abandoned");
  }

  @Test
  void cancelDoesNotWaitForACallThatIsSlowToStop() throws Exception {
    llm.hang = true;
    llm.ignoreCancel = true;
    GoalExecution execution = execution(Budget.DEFAULT);
    CompletableFuture<Throwable> outcome = new CompletableFuture<>();
    new Thread(
            () -> {
              try {
                loop(execution).run("q", ctx);
                outcome.complete(null);
              } catch (Throwable e) {
                outcome.complete(e);
              }
            })
        .start();
    while (llm.pending.isEmpty()) {
      Thread.onSpinWait();
    }
    execution.cancel();
    Throwable e = outcome.get(2, java.util.concurrent.TimeUnit.SECONDS);
    assertTrue(e instanceof GoalCancelledException, String.valueOf(e));
  }

  @Test
  void theDurationBudgetCancelsASlowCall() {
    llm.hang = true;
    BudgetExceededException e =
        assertThrows(
            BudgetExceededException.class,
            () -> loop(execution(new Budget(1000, 10, 1))).run("q", ctx));
    assertTrue(e.getMessage().contains("time budget"));
    assertTrue(llm.pending.get(0).isDone(), "the slow call was cancelled");
  }
}
