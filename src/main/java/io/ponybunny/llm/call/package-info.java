/**
 * One LLM call from start to its one terminal event: {@link io.ponybunny.llm.call.ProviderManager}
 * routes it and hands {@link io.ponybunny.llm.call.CallExecution} its collaborators ({@link
 * io.ponybunny.llm.call.CallCollaborators}); the execution retries, backs off and falls back before
 * the first chunk, {@link io.ponybunny.llm.call.StreamRun} reads one streaming attempt, and {@link
 * io.ponybunny.llm.call.StreamWatchdog} enforces idle and wall-clock limits. {@link
 * io.ponybunny.llm.call.LlmCall} is the caller's handle (cancel, result).
 */
package io.ponybunny.llm.call;
