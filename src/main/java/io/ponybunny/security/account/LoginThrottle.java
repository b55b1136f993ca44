package io.ponybunny.security.account;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;

/**
 * Throttles failed sign-ins per account and per address: after {@code maxFailures} failures within
 * the window, further attempts for that account (or from that address) are refused until the oldest
 * counted failure leaves the window. A success clears the account's failures. In memory, bounded.
 */
public final class LoginThrottle {

  private final int maxPerAccount;
  private final int maxPerAddress;
  private final long windowMillis;
  private final LongSupplier clock;
  private final ConcurrentMap<String, Deque<Long>> failures = new ConcurrentHashMap<>();

  public LoginThrottle(
      int maxPerAccount, int maxPerAddress, long windowMillis, LongSupplier clock) {
    this.maxPerAccount = maxPerAccount;
    this.maxPerAddress = maxPerAddress;
    this.windowMillis = windowMillis;
    this.clock = clock;
  }

  /** Milliseconds until {@code username} from {@code address} may try again, 0 when it may now. */
  public long retryAfterMillis(String username, String address) {
    long now = clock.getAsLong();
    return Math.max(
        wait("u:" + username, maxPerAccount, now), wait("a:" + address, maxPerAddress, now));
  }

  public void failed(String username, String address) {
    long now = clock.getAsLong();
    if (failures.size() > 100_000) {
      failures.clear();
    }
    add("u:" + username, now);
    add("a:" + address, now);
  }

  public void succeeded(String username) {
    failures.remove("u:" + username);
  }

  private void add(String key, long now) {
    Deque<Long> d = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
    synchronized (d) {
      prune(d, now);
      d.addLast(now);
      while (d.size() > Math.max(maxPerAccount, maxPerAddress)) {
        d.removeFirst();
      }
    }
  }

  private long wait(String key, int max, long now) {
    Deque<Long> d = failures.get(key);
    if (d == null) {
      return 0;
    }
    synchronized (d) {
      prune(d, now);
      if (d.size() < max) {
        return 0;
      }
      // The max-th most recent failure must leave the window.
      Long[] times = d.toArray(new Long[0]);
      return times[times.length - max] + windowMillis - now;
    }
  }

  private void prune(Deque<Long> d, long now) {
    while (!d.isEmpty() && d.peekFirst() <= now - windowMillis) {
      d.removeFirst();
    }
  }
}
