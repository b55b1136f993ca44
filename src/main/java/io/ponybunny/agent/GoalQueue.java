package io.ponybunny.agent;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.function.IntSupplier;
import java.util.function.Predicate;

/**
 * The goals waiting for a slot, oldest first, with a cap: at most {@code capacity} goals waiting,
 * counting the places reserved for goals being stored. A goal is stored only once its place is
 * reserved, so a refused goal is never written and no stored goal waits outside the queue. Goals
 * already stored as queued (found at start) are restored beyond the cap: they were accepted before.
 * Not thread-safe: the {@link GoalScheduler} guards it with its lock.
 */
final class GoalQueue {

  private final IntSupplier capacity;
  private final IntSupplier retryAfterSeconds;
  private final Deque<String> waiting = new ArrayDeque<>();
  private int reserved;

  /**
   * @param capacity the most goals waiting (read at every reservation, at least 1)
   * @param retryAfterSeconds what a refusal tells the caller
   */
  GoalQueue(IntSupplier capacity, IntSupplier retryAfterSeconds) {
    this.capacity = capacity;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** Claims a place; {@link QueueFullException} when the waiting and reserved reach the cap. */
  void reserve() {
    int cap = Math.max(1, capacity.getAsInt());
    if (waiting.size() + reserved >= cap) {
      throw new QueueFullException(cap, Math.max(1, retryAfterSeconds.getAsInt()));
    }
    reserved++;
  }

  /** Gives back a reserved place that was not used. */
  void release() {
    if (reserved == 0) {
      throw new IllegalStateException("no reserved place");
    }
    reserved--;
  }

  /** Fills a reserved place with {@code goalId} (added last unless already waiting). */
  void addReserved(String goalId) {
    release();
    restore(goalId);
  }

  /** Adds a goal accepted earlier (at start) last, whatever the cap; no duplicates. */
  void restore(String goalId) {
    if (!waiting.contains(goalId)) {
      waiting.addLast(goalId);
    }
  }

  /** Puts back a goal that could not be started, first in line. */
  void pushBack(String goalId) {
    waiting.addFirst(goalId);
  }

  /** Takes the oldest waiting goal that {@code startable} accepts; null when there is none. */
  String poll(Predicate<String> startable) {
    for (Iterator<String> it = waiting.iterator(); it.hasNext(); ) {
      String goalId = it.next();
      if (startable.test(goalId)) {
        it.remove();
        return goalId;
      }
    }
    return null;
  }

  boolean contains(String goalId) {
    return waiting.contains(goalId);
  }

  boolean remove(String goalId) {
    return waiting.remove(goalId);
  }

  boolean isEmpty() {
    return waiting.isEmpty();
  }

  /** Goals waiting (reserved places not included). */
  int size() {
    return waiting.size();
  }

  /** Places reserved for goals being stored. */
  int reserved() {
    return reserved;
  }
}
