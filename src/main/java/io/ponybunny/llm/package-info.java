/**
 * LLM calls, by role. {@code llm.api}: the provider-neutral contract (request, response, the
 * normalized {@code StreamChunk} stream, the error hierarchy). {@code llm.call}: one call from
 * start to its terminal event (manager, execution with retries and fallback, stream run, watchdog).
 * {@code llm.routing}: which endpoint serves a model (router, endpoint registry, circuits, backoff,
 * readiness). {@code llm.provider}: what every wire protocol implements, with one package per
 * provider under it. {@code llm.http}, {@code llm.sse} and {@code llm.json}: the one HTTP path, the
 * one SSE parser and the JSON tools the providers share.
 */
package io.ponybunny.llm;
