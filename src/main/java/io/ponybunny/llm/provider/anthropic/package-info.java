/**
 * The Anthropic Messages protocol: {@link io.ponybunny.llm.provider.anthropic.AnthropicAdapter}
 * builds {@code /v1/messages} requests and parses responses, {@link
 * io.ponybunny.llm.provider.anthropic.AnthropicStreamParser} reads the typed SSE events (content
 * blocks, partial tool JSON, thinking, message deltas, errors) with the {@link
 * io.ponybunny.llm.json.JsonScanner} and maps them onto {@link io.ponybunny.llm.api.StreamChunk}s,
 * and {@link io.ponybunny.llm.provider.anthropic.AnthropicError} reads the error envelope of bodies
 * and error events.
 */
package io.ponybunny.llm.provider.anthropic;
