/**
 * The OpenAI Chat Completions API as PonyBunny serves it at {@code /v1/chat/completions} and {@code
 * /v1/models}: its request and response wire format, its streamed chunks and its error envelope.
 */
package io.ponybunny.ingress.openai;
