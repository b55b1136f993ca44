package io.ponybunny.client;

import java.util.List;

/** A page of stream records (without content). */
public record StreamPage(List<StreamRecord> items, int page, int size, long total) {}
