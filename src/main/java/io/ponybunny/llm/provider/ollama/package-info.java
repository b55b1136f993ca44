/**
 * Ollama's native protocol: {@link io.ponybunny.llm.provider.ollama.OllamaAdapter} builds {@code
 * /api/chat} requests, {@link io.ponybunny.llm.provider.ollama.OllamaStreamParser} frames the
 * NDJSON stream and {@link io.ponybunny.llm.provider.ollama.OllamaChunkMapper} reads each line, and
 * the non-streamed body of the same shape, with the {@link io.ponybunny.llm.json.JsonScanner}
 * (content, thinking, whole tool calls, the final {@code done} line with its counters); {@link
 * io.ponybunny.llm.provider.ollama.OllamaError} reads the {@code {"error":"text"}} envelope of
 * bodies and in-band error lines. For Ollama's OpenAI-compatible {@code /v1} use the OpenAI
 * adapter.
 */
package io.ponybunny.llm.provider.ollama;
