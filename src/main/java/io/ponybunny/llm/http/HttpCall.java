package io.ponybunny.llm.http;

import java.net.URI;
import java.util.Map;

/**
 * A fully built provider HTTP request: always a POST of a JSON body.
 *
 * @param uri the absolute target
 * @param headers request headers, credentials included (never log them)
 * @param body the JSON body
 */
public record HttpCall(URI uri, Map<String, String> headers, String body) {

  public HttpCall {
    headers = Map.copyOf(headers);
  }

  @Override
  public String toString() {
    return "HttpCall[uri=" + uri + ", headers=" + headers.keySet() + "]";
  }
}
