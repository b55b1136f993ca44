/**
 * The OpenAI Chat Completions API as PonyBunny serves it at {@code /v1/chat/completions}: its
 * request read field by field ({@link io.ponybunny.ingress.openai.ChatCompletionRequest}), its
 * streamed chunks ({@link io.ponybunny.ingress.openai.ChatCompletionChunks}), its whole answer
 * ({@link io.ponybunny.ingress.openai.ChatCompletionBody}), the ids a client names back ({@link
 * io.ponybunny.ingress.openai.ChatCompletionIds}) and its error envelope.
 */
package io.ponybunny.ingress.openai;
