package io.ponybunny.llm.routing;

import io.ponybunny.llm.provider.EndpointTarget;

/**
 * One place a call can go.
 *
 * @param endpoint the endpoint (id, protocol, URL, key, timeouts, retries)
 * @param model the model name as the provider knows it
 */
public record Route(EndpointConfig endpoint, String model) {

  public EndpointTarget target() {
    return endpoint.target();
  }

  public String protocol() {
    return endpoint.protocol();
  }

  /** {@code <endpointId>/<model>}. */
  public String label() {
    return endpoint.id() + "/" + model;
  }
}
