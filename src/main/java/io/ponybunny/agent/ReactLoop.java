package io.ponybunny.agent;

import io.ponybunny.agent.react.ReactParser;
import io.ponybunny.agent.react.ReactPrompts;
import io.ponybunny.agent.react.ReactTurn;
import io.ponybunny.agent.tools.ToolContext;
import io.ponybunny.agent.tools.ToolRegistry;
import io.ponybunny.event.StreamOrigin;
import io.ponybunny.llm.api.ChatMessage;
import io.ponybunny.llm.api.FinishReason;
import io.ponybunny.llm.api.LlmCompletionOptions;
import io.ponybunny.llm.api.LlmResponse;
import io.ponybunny.llm.api.ToolCall;
import java.util.ArrayList;
import java.util.List;

/**
 * The ReAct loop of one run: Thought → Action → Observation until a final answer, within the goal's
 * budget. Every turn is a streamed LLM call carrying the goal, work item and run ids. Text actions
 * and native tool calls are both accepted; a tool failure or a malformed answer becomes an
 * observation for the next turn.
 */
public final class ReactLoop {

  /** Where the loop reports progress. */
  public interface Listener {
    /** A step was completed (its observation known, or the final answer given). */
    void step(StepRecord step);

    /** An LLM call used {@code tokens}. */
    void tokens(int tokens);
  }

  /** One step as the loop saw it. */
  public record StepRecord(
      int index,
      String thought,
      String action,
      String actionInput,
      String observation,
      String finalAnswer) {}

  /** The ids and settings of the run; {@code owner} is the goal's owner. */
  public record RunIds(String model, String goalId, String workItemId, String runId, String owner) {

    /** The run's calls, as their stream events name them. */
    StreamOrigin origin() {
      return new StreamOrigin(goalId, workItemId, runId);
    }
  }

  private static final int MALFORMED_ACCEPT_AS_ANSWER = 2;
  private static final int MALFORMED_LIMIT = 3;

  private final LlmPort llm;
  private final ToolRegistry tools;
  private final GoalExecution execution;
  private final RunIds ids;
  private final int maxTokensPerCall;
  private final Listener listener;

  public ReactLoop(
      LlmPort llm,
      ToolRegistry tools,
      GoalExecution execution,
      RunIds ids,
      int maxTokensPerCall,
      Listener listener) {
    this.llm = llm;
    this.tools = tools;
    this.execution = execution;
    this.ids = ids;
    this.maxTokensPerCall = maxTokensPerCall;
    this.listener = listener;
  }

  /**
   * Runs until the model gives a final answer, and returns it. Throws {@link
   * BudgetExceededException}, {@link GoalCancelledException}, {@link AgentFailureException} or the
   * provider's exception.
   */
  public String run(String task, ToolContext context) {
    List<ChatMessage> messages = new ArrayList<>();
    messages.add(ChatMessage.system(ReactPrompts.reactSystem(tools.all())));
    messages.add(ChatMessage.user(task));
    int malformedInRow = 0;
    for (int index = 0; ; index++) {
      execution.checkCancelled();
      execution.budget().beginStep();
      LlmResponse r = execution.await(llm.start(ids.model(), List.copyOf(messages), options()));
      listener.tokens(r.usage().total());
      String text = r.text() == null ? "" : r.text();
      if (!r.toolCalls().isEmpty()) {
        ToolCall call = r.toolCalls().get(0);
        String input = call.arguments() != null ? call.arguments().toString() : call.rawArguments();
        String observation = tools.run(call.name(), call.arguments(), call.rawArguments(), context);
        String thought = thoughtOf(text);
        listener.step(new StepRecord(index, thought, call.name(), input, observation, null));
        messages.add(ChatMessage.assistant(format(thought, call.name(), input)));
        messages.add(ChatMessage.user(ReactPrompts.observation(observation)));
        malformedInRow = 0;
        continue;
      }
      ReactTurn turn = ReactParser.parse(text);
      switch (turn.kind()) {
        case FINAL -> {
          listener.step(
              new StepRecord(index, turn.thought(), null, null, null, turn.finalAnswer()));
          return turn.finalAnswer();
        }
        case ACTION -> {
          String observation = tools.run(turn.action(), turn.actionInput(), context);
          listener.step(
              new StepRecord(
                  index, turn.thought(), turn.action(), turn.actionInput(), observation, null));
          messages.add(
              ChatMessage.assistant(format(turn.thought(), turn.action(), turn.actionInput())));
          messages.add(ChatMessage.user(ReactPrompts.observation(observation)));
          malformedInRow = 0;
        }
        default -> {
          malformedInRow++;
          boolean cut = r.finishReason() == FinishReason.LENGTH;
          if (!cut && !text.isBlank() && malformedInRow >= MALFORMED_ACCEPT_AS_ANSWER) {
            // The model keeps answering in plain text: take it as the answer.
            listener.step(new StepRecord(index, null, null, null, null, text.strip()));
            return text.strip();
          }
          if (malformedInRow >= MALFORMED_LIMIT) {
            throw new AgentFailureException(
                "the model's answers did not follow the ReAct format " + malformedInRow + " times");
          }
          String problem = cut ? "the answer was cut off at the token limit" : turn.problem();
          String observation = ReactPrompts.formatReminder(problem);
          listener.step(new StepRecord(index, turn.thought(), null, null, observation, null));
          messages.add(ChatMessage.assistant(text.isBlank() ? "(no answer)" : text));
          messages.add(ChatMessage.user(observation));
        }
      }
    }
  }

  private LlmCompletionOptions options() {
    int remaining = execution.budget().remainingTokens();
    return LlmCompletionOptions.builder().stream(true)
        .origin(ids.origin())
        .owner(ids.owner())
        .maxTokens(Math.max(1, Math.min(maxTokensPerCall, remaining)))
        .tools(tools.specs())
        .build();
  }

  private static String thoughtOf(String text) {
    if (text.isBlank()) {
      return null;
    }
    ReactTurn t = ReactParser.parse(text);
    return t.thought() != null ? t.thought() : text.strip();
  }

  private static String format(String thought, String action, String input) {
    return (thought == null ? "" : "Thought: " + thought + "\n")
        + "Action: "
        + action
        + "\nAction Input: "
        + (input == null ? "" : input);
  }
}
