/**
 * What a wire protocol implements: a stateless {@link io.ponybunny.llm.provider.ProtocolAdapter}
 * (builds the request, parses a whole response and an error) and a per-response {@link
 * io.ponybunny.llm.provider.StreamParser}; {@link io.ponybunny.llm.provider.ProviderErrors} maps
 * HTTP failures onto the error hierarchy. One subpackage per provider ({@code openai}, {@code
 * anthropic}, {@code gemini}, {@code ollama}) owns its wire format.
 */
package io.ponybunny.llm.provider;
