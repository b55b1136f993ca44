/**
 * JSON tools the provider packages share: the allocation-light {@link
 * io.ponybunny.llm.json.JsonScanner} for per-chunk fields on the hot path, and the cached JSON-P
 * factories of {@link io.ponybunny.llm.json.JsonSupport} for everything else.
 */
package io.ponybunny.llm.json;
