/**
 * OpenAI wire protocols: Chat Completions ({@link io.ponybunny.llm.provider.openai.OpenAiAdapter},
 * also used for the many OpenAI-compatible servers) and the Responses API ({@link
 * io.ponybunny.llm.provider.openai.OpenAiResponsesAdapter}), each with its streaming parser that
 * maps SSE events onto the provider-neutral {@link io.ponybunny.llm.api.StreamChunk}s.
 */
package io.ponybunny.llm.provider.openai;
