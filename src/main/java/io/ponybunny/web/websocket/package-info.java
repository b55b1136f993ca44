/**
 * The WebSocket endpoints the console subscribes to: {@code /ws/goals/{goalId}} for one goal's
 * events and {@code /ws/streams} for all of them. Endpoints only validate and subscribe; framing,
 * ordering and backpressure live in {@code io.ponybunny.broadcast}.
 */
package io.ponybunny.web.websocket;
