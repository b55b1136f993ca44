/**
 * Ollama's native protocol: {@link io.ponybunny.llm.provider.ollama.OllamaAdapter} builds {@code
 * /api/chat} requests and {@link io.ponybunny.llm.provider.ollama.OllamaStreamParser} reads the
 * NDJSON stream (content, thinking, whole tool calls, the final {@code done} line with its counters
 * and in-band {@code error} lines). For Ollama's OpenAI-compatible {@code /v1} use the OpenAI
 * adapter.
 */
package io.ponybunny.llm.provider.ollama;
