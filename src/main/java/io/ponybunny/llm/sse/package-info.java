/**
 * A byte-level WHATWG EventSource (server-sent events) parser shared by every SSE-speaking
 * provider: {@link io.ponybunny.llm.sse.SseParser} turns arbitrary pieces of a body into {@link
 * io.ponybunny.llm.sse.SseEvent}s, handling the BOM, CR/LF/CRLF line ends split across reads and
 * UTF-8 characters split across reads, and reports comments, retry values and unknown fields to an
 * {@link io.ponybunny.llm.sse.SseListener}. Nothing here is provider-specific.
 */
package io.ponybunny.llm.sse;
