package io.ponybunny.llm.routing;

import io.ponybunny.llm.provider.EndpointTarget;
import java.time.Duration;

/**
 * One configured endpoint ({@code ponybunny.endpoint.<id>.*}).
 *
 * @param id the endpoint id
 * @param protocol the protocol id its adapter answers to
 * @param baseUrl the base URL as the official SDKs take it
 * @param apiKey the key, null when unset (never logged)
 * @param enabled the configured switch
 * @param keyRequired whether the endpoint needs a key to be usable
 * @param firstTokenTimeout longest wait for the first streamed byte
 * @param idleTimeout longest silence between streamed bytes
 * @param maxRetries retries of retryable failures before the first chunk
 */
public record EndpointConfig(
    String id,
    String protocol,
    String baseUrl,
    String apiKey,
    boolean enabled,
    boolean keyRequired,
    Duration firstTokenTimeout,
    Duration idleTimeout,
    int maxRetries) {

  /** Null when the endpoint is usable, else why not. */
  public String disabledReason() {
    if (!enabled) {
      return "disabled by configuration (ponybunny.endpoint." + id + ".enabled=false)";
    }
    if (baseUrl == null || baseUrl.isBlank()) {
      return "no base URL configured";
    }
    if (keyRequired && (apiKey == null || apiKey.isBlank())) {
      return "no API key configured";
    }
    return null;
  }

  public boolean usable() {
    return disabledReason() == null;
  }

  public EndpointTarget target() {
    return new EndpointTarget(id, baseUrl, apiKey);
  }

  @Override
  public String toString() {
    return "EndpointConfig[id=" + id + ", protocol=" + protocol + ", baseUrl=" + baseUrl + "]";
  }
}
