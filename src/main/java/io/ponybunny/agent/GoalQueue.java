package io.ponybunny.agent;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.function.IntSupplier;
import java.util.function.Predicate;

/**
 * The goals waiting for a slot, oldest first, with two caps: at most {@code capacity} goals waiting
 * in all and {@code perPrincipal} of one owner, counting the places reserved for goals being stored
 * (so one caller cannot fill the queue for everyone). A goal is stored only once its place is
 * reserved, so a refused goal is never written and no stored goal waits outside the queue. Goals
 * already stored as queued (found at start) are restored beyond the cap: they were accepted before.
 * Not thread-safe: the {@link GoalScheduler} guards it with its lock.
 */
final class GoalQueue {

  private final IntSupplier capacity;
  private final IntSupplier perPrincipal;
  private final IntSupplier retryAfterSeconds;
  private final Deque<String> waiting = new ArrayDeque<>();
  private final Map<String, String> ownerOf = new HashMap<>();
  private final Map<String, Integer> perOwner = new HashMap<>(); // waiting and reserved
  private int reserved;

  /**
   * @param capacity the most goals waiting (read at every reservation, at least 1)
   * @param perPrincipal the most goals of one owner waiting (read at every reservation, at least 1)
   * @param retryAfterSeconds what a refusal tells the caller
   */
  GoalQueue(IntSupplier capacity, IntSupplier perPrincipal, IntSupplier retryAfterSeconds) {
    this.capacity = capacity;
    this.perPrincipal = perPrincipal;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /**
   * Claims a place for a goal of {@code owner}; {@link QueueFullException} when the waiting and
   * reserved reach the cap, in all or of that owner.
   */
  void reserve(String owner) {
    int retryAfter = Math.max(1, retryAfterSeconds.getAsInt());
    int cap = Math.max(1, capacity.getAsInt());
    if (waiting.size() + reserved >= cap) {
      throw new QueueFullException(cap, retryAfter, false);
    }
    int mine = Math.max(1, perPrincipal.getAsInt());
    if (perOwner.getOrDefault(key(owner), 0) >= mine) {
      throw new QueueFullException(mine, retryAfter, true);
    }
    reserved++;
    perOwner.merge(key(owner), 1, Integer::sum);
  }

  /** Gives back a place reserved for {@code owner} that was not used. */
  void release(String owner) {
    if (reserved == 0) {
      throw new IllegalStateException("no reserved place");
    }
    reserved--;
    decrement(key(owner));
  }

  /** Fills a place reserved for {@code owner} with {@code goalId} (last unless already waiting). */
  void addReserved(String goalId, String owner) {
    release(owner);
    restore(goalId, owner);
  }

  /** Adds a goal accepted earlier (at start) last, whatever the caps; no duplicates. */
  void restore(String goalId, String owner) {
    if (!waiting.contains(goalId)) {
      waiting.addLast(goalId);
      count(goalId, owner);
    }
  }

  /** Puts back a goal that could not be started, first in line. */
  void pushBack(String goalId, String owner) {
    waiting.addFirst(goalId);
    count(goalId, owner);
  }

  /**
   * Takes the oldest waiting goal that {@code startable} accepts, with its owner; null when there
   * is none.
   */
  Waiting poll(Predicate<String> startable) {
    for (Iterator<String> it = waiting.iterator(); it.hasNext(); ) {
      String goalId = it.next();
      if (startable.test(goalId)) {
        it.remove();
        return new Waiting(goalId, uncount(goalId));
      }
    }
    return null;
  }

  /** A goal taken from the queue and its owner (null: none). */
  record Waiting(String goalId, String owner) {}

  boolean contains(String goalId) {
    return waiting.contains(goalId);
  }

  boolean remove(String goalId) {
    if (!waiting.remove(goalId)) {
      return false;
    }
    uncount(goalId);
    return true;
  }

  /** Goals of {@code owner} waiting or being stored. */
  int of(String owner) {
    return perOwner.getOrDefault(key(owner), 0);
  }

  private void count(String goalId, String owner) {
    ownerOf.put(goalId, key(owner));
    perOwner.merge(key(owner), 1, Integer::sum);
  }

  /** Stops counting a goal that no longer waits; returns its owner (null: none). */
  private String uncount(String goalId) {
    String owner = ownerOf.remove(goalId);
    if (owner == null) {
      return null;
    }
    decrement(owner);
    return owner.isEmpty() ? null : owner;
  }

  private void decrement(String ownerKey) {
    perOwner.computeIfPresent(ownerKey, (o, n) -> n > 1 ? n - 1 : null);
  }

  /** Goals from before ownership count together. */
  private static String key(String owner) {
    return owner == null ? "" : owner;
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
