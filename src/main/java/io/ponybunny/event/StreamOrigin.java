package io.ponybunny.event;

/**
 * Where an LLM call comes from, as its {@code llm.stream.*} events name it: the goal whose channel
 * receives them and the work item and run of that goal. The caller (the agent, or a client of the
 * completions endpoint) fills it; the call layer passes it on into the events without looking
 * inside.
 *
 * @param goalId the goal, or null
 * @param workItemId the work item, or null
 * @param runId the run, or null
 */
public record StreamOrigin(String goalId, String workItemId, String runId) {

  /** A call that belongs to no goal. */
  public static final StreamOrigin NONE = new StreamOrigin(null, null, null);
}
