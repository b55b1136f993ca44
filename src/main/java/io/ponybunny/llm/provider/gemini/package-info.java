/**
 * The Google Gemini protocol: {@link io.ponybunny.llm.provider.gemini.GeminiAdapter} builds {@code
 * generateContent}/{@code streamGenerateContent} requests, {@link
 * io.ponybunny.llm.provider.gemini.GeminiStreamParser} reads both stream framings (SSE and the
 * default incremental JSON array), and {@link io.ponybunny.llm.provider.gemini.GeminiChunkMapper}
 * reads each {@code GenerateContentResponse}, streamed or whole, with the {@link
 * io.ponybunny.llm.json.JsonScanner}, mapping text, thoughts, function calls, usage metadata,
 * finish and block reasons onto {@link io.ponybunny.llm.api.StreamChunk}s. {@link
 * io.ponybunny.llm.provider.gemini.GeminiError} reads the error envelope (with its RetryInfo delay)
 * of bodies and in-band errors.
 */
package io.ponybunny.llm.provider.gemini;
