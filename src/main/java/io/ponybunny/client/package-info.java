/**
 * A typed MicroProfile REST client for PonyBunny's goals and streams API ({@link
 * io.ponybunny.client.PonyBunnyClient}), with the JSON records it exchanges. Any Jakarta or
 * MicroProfile service can inject it ({@code @RestClient}, config key {@code ponybunny}) or build
 * it with {@code RestClientBuilder}; the server's own resources use the same records, so the client
 * and the API cannot drift apart.
 */
package io.ponybunny.client;
