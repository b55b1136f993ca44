/**
 * What a wire protocol implements: a stateless {@link io.ponybunny.llm.provider.ProtocolAdapter}
 * (builds the request, parses a whole response and an error) and a per-response {@link
 * io.ponybunny.llm.provider.StreamParser}. {@link io.ponybunny.llm.provider.ProviderErrors} maps
 * HTTP failures onto the error hierarchy, provider-neutrally: what an error body says is read by
 * the provider's own {@link io.ponybunny.llm.provider.ProviderErrors.EnvelopeReader}. Requests are
 * built one way: a protocol's {@link io.ponybunny.llm.provider.RequestTemplate} (path under the
 * base URL, JSON and accept headers, where the key goes, fixed headers) posts a body written member
 * by member in wire order with {@link io.ponybunny.llm.provider.JsonFields}, from the shared {@link
 * io.ponybunny.llm.provider.Conversation} (messages, or system text apart from the turns, tool
 * calls and tool results kept), {@link io.ponybunny.llm.provider.ToolArguments} (a call's arguments
 * as text or as an object) and {@link io.ponybunny.llm.provider.ToolDeclaration} pieces. One
 * subpackage per provider ({@code openai}, {@code anthropic}, {@code gemini}, {@code ollama}) owns
 * its wire format and its error envelope.
 */
package io.ponybunny.llm.provider;
