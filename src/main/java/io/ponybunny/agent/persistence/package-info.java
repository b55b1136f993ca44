/**
 * Jakarta Persistence storage of goals, work items, runs and steps: the entities and {@link
 * io.ponybunny.agent.persistence.GoalStore} (one transaction per method), and in cluster mode the
 * {@link io.ponybunny.agent.persistence.GoalClaims} of goals by instances, with the leases and
 * fences that keep a goal's writes to its one holder. The schema is {@code
 * io.ponybunny.persistence}'s; stream history is {@code io.ponybunny.history}'s.
 */
package io.ponybunny.agent.persistence;
