/**
 * The WebSocket endpoints the console subscribes to: {@code /ws/goals/{goalId}} for one goal's
 * events and {@code /ws/streams} for all of them. Each endpoint only says which channel a caller
 * gets ({@code ChannelAccess}); a socket's lifecycle is written once in {@code ChannelSocket}
 * (identity, {@code ConnectionLimits}, the resume query, subscribing, inbound limits, close codes),
 * with the handshake's checks ({@code OriginConfigurator}, {@code HandshakeAuthFilter}) before it
 * and the {@code SocketGuard} watching credentials after. Framing, ordering and backpressure live
 * in {@code io.ponybunny.broadcast}.
 */
package io.ponybunny.web.websocket;
