/**
 * PonyBunny: an LLM streaming console and agent runtime on Jakarta EE. Features live in their own
 * packages: {@code llm} (provider-neutral calls and the provider manager, with one package per wire
 * protocol), {@code stream} (the {@code llm.stream.*} events and their WebSocket fan-out), {@code
 * sim} (the built-in provider simulator) and {@code web} (REST and WebSocket endpoints); this
 * package holds only application-wide resources such as the managed executors.
 */
package io.ponybunny;
