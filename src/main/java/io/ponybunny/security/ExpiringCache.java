package io.ponybunny.security;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;

/**
 * A small time-bounded cache of verified credentials, so that a request does not cost a database
 * read: entries live for {@code ttlMillis} and are dropped at once by {@link #invalidate} (logout,
 * revocation). Bounded: when full it is cleared.
 */
public final class ExpiringCache<K, V> {

  private record Entry<V>(V value, long loadedAt) {}

  private final ConcurrentMap<K, Entry<V>> entries = new ConcurrentHashMap<>();
  private final long ttlMillis;
  private final int maxEntries;
  private final LongSupplier clock;

  public ExpiringCache(long ttlMillis, int maxEntries, LongSupplier clock) {
    this.ttlMillis = ttlMillis;
    this.maxEntries = maxEntries;
    this.clock = clock;
  }

  /** The cached value, or null when absent or older than the time to live. */
  public V get(K key) {
    Entry<V> e = entries.get(key);
    if (e == null) {
      return null;
    }
    if (clock.getAsLong() - e.loadedAt() >= ttlMillis) {
      entries.remove(key, e);
      return null;
    }
    return e.value();
  }

  /** Whether a fresh entry holds {@code value} (a scan: for periodic checks, not per request). */
  public boolean containsValue(V value) {
    long now = clock.getAsLong();
    for (Entry<V> e : entries.values()) {
      if (e.value().equals(value) && now - e.loadedAt() < ttlMillis) {
        return true;
      }
    }
    return false;
  }

  public void put(K key, V value) {
    if (entries.size() >= maxEntries) {
      entries.clear();
    }
    entries.put(key, new Entry<>(value, clock.getAsLong()));
  }

  public void invalidate(K key) {
    entries.remove(key);
  }

  public void clear() {
    entries.clear();
  }
}
