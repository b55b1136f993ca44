package io.ponybunny.client;

import java.util.List;

/**
 * When a stream's chunks arrived: group {@code i} arrived {@code offsetsMs[i]} milliseconds after
 * the stream's {@code startedAt} and carried {@code lengths[i]} UTF-16 characters of its content,
 * in order. At most {@code ponybunny.streams.timings.max-chunks} groups: a stream with more chunks
 * has adjacent ones merged, evenly.
 */
public record StreamTimings(List<Long> offsetsMs, List<Integer> lengths) {}
