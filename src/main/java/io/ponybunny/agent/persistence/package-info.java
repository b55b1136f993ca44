/**
 * Jakarta Persistence storage of goals, work items, runs and steps: the entities and {@link
 * io.ponybunny.agent.persistence.GoalStore} (one transaction per method). The schema is {@code
 * io.ponybunny.persistence}'s; stream history is {@code io.ponybunny.history}'s.
 */
package io.ponybunny.agent.persistence;
