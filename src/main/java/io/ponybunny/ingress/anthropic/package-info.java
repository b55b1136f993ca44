/**
 * The Anthropic Messages API as PonyBunny serves it at {@code /v1/messages}: its request ({@link
 * io.ponybunny.ingress.anthropic.MessagesRequest}), its streamed events ({@link
 * io.ponybunny.ingress.anthropic.MessageStreamEncoder}), its {@code message} object ({@link
 * io.ponybunny.ingress.anthropic.MessageJson}), the ids it names ({@link
 * io.ponybunny.ingress.anthropic.MessageIds}), its error envelope and the resource ({@link
 * io.ponybunny.ingress.anthropic.MessagesResource}).
 */
package io.ponybunny.ingress.anthropic;
