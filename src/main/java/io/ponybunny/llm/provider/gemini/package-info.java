/**
 * The Google Gemini protocol: {@link io.ponybunny.llm.provider.gemini.GeminiAdapter} builds {@code
 * generateContent}/{@code streamGenerateContent} requests, and {@link
 * io.ponybunny.llm.provider.gemini.GeminiStreamParser} reads both stream framings (SSE and the
 * default incremental JSON array), mapping text, thoughts, function calls, usage metadata, finish
 * and block reasons and in-band errors onto {@link io.ponybunny.llm.api.StreamChunk}s.
 */
package io.ponybunny.llm.provider.gemini;
