/**
 * OpenAI wire protocols: Chat Completions ({@link io.ponybunny.llm.provider.openai.OpenAiAdapter},
 * also used for the many OpenAI-compatible servers) and the Responses API ({@link
 * io.ponybunny.llm.provider.openai.OpenAiResponsesAdapter}), each with its streaming parser that
 * reads SSE events with the {@link io.ponybunny.llm.json.JsonScanner} and maps them onto the
 * provider-neutral {@link io.ponybunny.llm.api.StreamChunk}s; {@link
 * io.ponybunny.llm.provider.openai.OpenAiError} reads the error envelope of both (and of the
 * compatible servers' variants).
 */
package io.ponybunny.llm.provider.openai;
