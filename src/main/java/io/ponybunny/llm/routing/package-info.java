/**
 * Which endpoint serves a model: the {@link io.ponybunny.llm.routing.EndpointRegistry} read from
 * MicroProfile Config, the {@link io.ponybunny.llm.routing.ModelRouter} that orders the {@link
 * io.ponybunny.llm.routing.Route}s of a call, the per-endpoint {@link
 * io.ponybunny.llm.routing.CircuitBreakers}, the retry {@link io.ponybunny.llm.routing.Backoff} and
 * the readiness probes of the endpoints.
 */
package io.ponybunny.llm.routing;
