/**
 * The provider-neutral LLM contract: {@link io.ponybunny.llm.api.LlmRequest} and {@link
 * io.ponybunny.llm.api.LlmCompletionOptions} in, the normalized {@link
 * io.ponybunny.llm.api.StreamChunk} stream or one {@link io.ponybunny.llm.api.LlmResponse} out, and
 * the {@link io.ponybunny.llm.api.ProviderException} hierarchy (retryable or not, keeping provider,
 * status and body). Nothing here knows a wire format.
 */
package io.ponybunny.llm.api;
