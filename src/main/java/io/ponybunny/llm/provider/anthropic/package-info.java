/**
 * The Anthropic Messages protocol: {@link io.ponybunny.llm.provider.anthropic.AnthropicAdapter}
 * builds {@code /v1/messages} requests and parses responses, and {@link
 * io.ponybunny.llm.provider.anthropic.AnthropicStreamParser} maps the typed SSE events (content
 * blocks, partial tool JSON, thinking, message deltas, errors) onto {@link
 * io.ponybunny.llm.api.StreamChunk}s.
 */
package io.ponybunny.llm.provider.anthropic;
