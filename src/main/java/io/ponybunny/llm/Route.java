package io.ponybunny.llm;

/**
 * Where one attempt of a call goes.
 *
 * @param target the endpoint (id, base URL, key)
 * @param protocol the protocol id of the endpoint
 * @param model the model name as the provider knows it
 */
public record Route(EndpointTarget target, String protocol, String model) {}
