package io.ponybunny.broadcast;

import java.util.HashMap;
import java.util.Map;

/**
 * The free-form goal channels (ids that name no goal) that each principal's subscriptions made, at
 * most a number per principal while they exist: a caller cannot make a channel for every id it can
 * think of. A channel counts from the subscription that made it until it is removed.
 */
final class FreeChannels {

  private final int maxPerPrincipal;

  // Guarded by this.
  private final Map<String, String> madeBy = new HashMap<>();
  private final Map<String, Integer> counts = new HashMap<>();

  FreeChannels(int maxPerPrincipal) {
    this.maxPerPrincipal = maxPerPrincipal;
  }

  /**
   * Counts {@code channel} for {@code principal} unless it is counted already; false (and nothing
   * counted) when the principal has its maximum.
   */
  synchronized boolean claim(String principal, String channel) {
    if (madeBy.containsKey(channel)) {
      return true;
    }
    int n = counts.getOrDefault(principal, 0);
    if (n >= maxPerPrincipal) {
      return false;
    }
    madeBy.put(channel, principal);
    counts.put(principal, n + 1);
    return true;
  }

  /** The channel lost its last socket or was removed: it no longer counts. */
  synchronized void released(String channel) {
    String principal = madeBy.remove(channel);
    if (principal != null) {
      counts.computeIfPresent(principal, (p, n) -> n > 1 ? n - 1 : null);
    }
  }

  synchronized int count(String principal) {
    return counts.getOrDefault(principal, 0);
  }

  int max() {
    return maxPerPrincipal;
  }
}
