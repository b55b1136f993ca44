/**
 * JSON tools the provider packages share: the allocation-light {@link
 * io.ponybunny.llm.json.JsonScanner}, the one decoder of the per-chunk stream objects, and the
 * cached JSON-P factories of {@link io.ponybunny.llm.json.JsonSupport} for the general JSON model
 * (rare events, errors, whole responses, request bodies).
 */
package io.ponybunny.llm.json;
