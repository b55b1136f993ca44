package io.ponybunny.client;

import java.util.List;

/** A page of goals (without work items). */
public record GoalPage(List<Goal> items, int page, int size, long total) {}
