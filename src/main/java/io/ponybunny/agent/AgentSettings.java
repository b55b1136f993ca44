package io.ponybunny.agent;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The agent's configuration (MicroProfile Config, see the README). */
@ApplicationScoped
public class AgentSettings {

  @Inject
  @ConfigProperty(name = "ponybunny.agent.concurrency", defaultValue = "2")
  int concurrency;

  @Inject
  @ConfigProperty(name = "ponybunny.agent.max-work-items", defaultValue = "5")
  int maxWorkItems;

  @Inject
  @ConfigProperty(name = "ponybunny.agent.max-tokens-per-call", defaultValue = "1024")
  int maxTokensPerCall;

  @Inject
  @ConfigProperty(name = "ponybunny.agent.budget.max-tokens", defaultValue = "50000")
  int defaultMaxTokens;

  @Inject
  @ConfigProperty(name = "ponybunny.agent.budget.max-steps", defaultValue = "12")
  int defaultMaxSteps;

  @Inject
  @ConfigProperty(name = "ponybunny.agent.budget.max-duration-seconds", defaultValue = "300")
  int defaultMaxDurationSeconds;

  @Inject
  @ConfigProperty(name = "ponybunny.agent.max-queued-goals", defaultValue = "1000")
  int maxQueuedGoals;

  @Inject
  @ConfigProperty(name = "ponybunny.agent.max-queued-goals-per-principal", defaultValue = "100")
  int maxQueuedGoalsPerPrincipal;

  @Inject
  @ConfigProperty(name = "ponybunny.agent.queue-full-retry-after-seconds", defaultValue = "30")
  int queueFullRetryAfterSeconds;

  /** Goals running at once (at least 1). */
  public int concurrency() {
    return Math.max(1, concurrency);
  }

  /** Goals waiting for a slot at most (at least 1); more are refused with 503. */
  public int maxQueuedGoals() {
    return Math.max(1, maxQueuedGoals);
  }

  /** Goals of one owner waiting for a slot at most (at least 1); more are refused with 429. */
  public int maxQueuedGoalsPerPrincipal() {
    return Math.max(1, maxQueuedGoalsPerPrincipal);
  }

  /** The {@code Retry-After} of a goal refused because the queue is full (at least 1). */
  public int queueFullRetryAfterSeconds() {
    return Math.max(1, queueFullRetryAfterSeconds);
  }

  public int maxWorkItems() {
    return Math.max(1, maxWorkItems);
  }

  public int maxTokensPerCall() {
    return Math.max(16, maxTokensPerCall);
  }

  /** The budget of a goal that sets no limits. */
  public Budget defaultBudget() {
    return new Budget(defaultMaxTokens, defaultMaxSteps, defaultMaxDurationSeconds);
  }
}
