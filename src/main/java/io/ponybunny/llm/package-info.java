/**
 * The provider-neutral LLM contract of PonyBunny: requests and responses, the normalized {@link
 * io.ponybunny.llm.StreamChunk} stream, the {@link io.ponybunny.llm.ProtocolAdapter} each wire
 * protocol implements, the {@link io.ponybunny.llm.ProviderException} hierarchy with its shared
 * HTTP mapping ({@link io.ponybunny.llm.ProviderErrors}), the {@link
 * io.ponybunny.llm.ResponseAccumulator} that folds a stream into one response, and the cached
 * JSON-P factories ({@link io.ponybunny.llm.JsonSupport}) every parser uses.
 */
package io.ponybunny.llm;
