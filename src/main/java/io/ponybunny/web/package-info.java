/**
 * Web concerns shared by the REST API, the WebSocket endpoints and the console: for now the filter
 * that serves the console's deep links from {@code index.html}.
 */
package io.ponybunny.web;
