/**
 * The Anthropic Messages protocol: {@link io.ponybunny.llm.anthropic.AnthropicAdapter} builds
 * {@code /v1/messages} requests and parses responses, and {@link
 * io.ponybunny.llm.anthropic.AnthropicStreamParser} maps the typed SSE events (content blocks,
 * partial tool JSON, thinking, message deltas, errors) onto {@link io.ponybunny.llm.StreamChunk}s.
 */
package io.ponybunny.llm.anthropic;
