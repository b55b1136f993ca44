/**
 * The Anthropic Messages API as PonyBunny serves it at {@code /v1/messages}: its request and
 * response wire format, its streamed events and its error envelope.
 */
package io.ponybunny.ingress.anthropic;
