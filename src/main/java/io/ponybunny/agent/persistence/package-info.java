/**
 * Jakarta Persistence storage of goals, work items, runs, steps and stream history: the entities,
 * the stores (one transaction per method), the versioned schema migrations (Flyway over an explicit
 * list of scripts, and the upgrade from the runner used before it) and the recorder that writes
 * stream history from the {@code llm.stream.*} events.
 */
package io.ponybunny.agent.persistence;
