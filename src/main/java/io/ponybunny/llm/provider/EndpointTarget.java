package io.ponybunny.llm.provider;

/**
 * Where one call goes: the base URL as the official SDKs take it and the credential.
 *
 * @param id the endpoint id ({@code openai}, {@code sim}, ...)
 * @param baseUrl e.g. {@code https://api.openai.com/v1}; the adapter appends its path
 * @param apiKey the key, null or blank when the endpoint needs none
 */
public record EndpointTarget(String id, String baseUrl, String apiKey) {

  @Override
  public String toString() {
    return "EndpointTarget[id=" + id + ", baseUrl=" + baseUrl + "]";
  }
}
