/**
 * The one HTTP path to providers: {@link io.ponybunny.llm.http.ProviderHttpClient} sends an {@link
 * io.ponybunny.llm.http.HttpCall} over the JAX-RS client, and {@link
 * io.ponybunny.llm.http.Redaction} removes key-like tokens from anything a provider answers before
 * it reaches a log, a body or a frame.
 */
package io.ponybunny.llm.http;
