/**
 * The OpenAI- and Anthropic-compatible ingress under {@code /v1}: other applications point their
 * official SDK's base URL at PonyBunny and their calls run through the provider manager (routing,
 * fallback, retries, quotas) as streams like any other, live on the console and in history. This
 * package owns what both APIs share: the JAX-RS application, which API a request speaks ({@link
 * io.ponybunny.ingress.ClientApi}), the bridge from a call's output to the client ({@link
 * io.ponybunny.ingress.IngressStream}), the event-stream response that notices a client leaving
 * ({@link io.ponybunny.ingress.SseStreaming}), the translation of every error into the API's own
 * shape ({@link io.ponybunny.ingress.IngressErrorFilter}) and the model list in either API's shape
 * ({@link io.ponybunny.ingress.ModelsResource}, {@link io.ponybunny.ingress.RoutedModels}). Each
 * API's wire format and error envelope live in {@code ingress.openai} and {@code
 * ingress.anthropic}.
 */
package io.ponybunny.ingress;
