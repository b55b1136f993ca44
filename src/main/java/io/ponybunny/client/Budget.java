package io.ponybunny.client;

/** The effective limits of a goal. */
public record Budget(int maxTokens, int maxSteps, int maxDurationSeconds) {}
