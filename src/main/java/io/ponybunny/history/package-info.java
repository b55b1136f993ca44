/**
 * Stream history: the {@link io.ponybunny.history.StreamRecorder} stores every {@code llm.stream.*}
 * event's stream (with checkpoints while it runs) and {@link io.ponybunny.history.StreamHistory}
 * reads it back for the REST API; {@link io.ponybunny.history.StreamCosts} sums the records' usage
 * and cost per day, model and goal. In cluster mode the {@link io.ponybunny.history.StreamReaper}
 * ends the streams of instances that died.
 */
package io.ponybunny.history;
