package io.ponybunny.sim;

import static io.ponybunny.sim.SimJson.obj;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Per-scenario-id observations for tests ({@code GET /sim/requests/{id}}), bounded as an LRU map.
 *
 * <p>{@code count} also drives {@code fail-times}. {@code bytesSent}, {@code lastStartedAt}, {@code
 * lastFinishedAt} and {@code lastHeaders} describe the latest request; {@code clientClosed} stays
 * true once any request of the id saw its client go away ({@code clientClosedAt} is the latest such
 * time) until {@code DELETE /sim/requests}.
 */
public final class SimRecorder {

  /** Default bound on the number of ids kept. */
  public static final int DEFAULT_MAX_IDS = 10_000;

  private final int maxIds;
  private final Clock clock;
  private final Map<String, Entry> entries;

  public SimRecorder(int maxIds, Clock clock) {
    this.maxIds = maxIds;
    this.clock = clock;
    this.entries =
        new LinkedHashMap<>(64, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
            return size() > SimRecorder.this.maxIds;
          }
        };
  }

  public SimRecorder() {
    this(DEFAULT_MAX_IDS, Clock.systemUTC());
  }

  private static final class Entry {
    long count;
    Instant lastStartedAt;
    Instant lastFinishedAt;
    boolean clientClosed;
    Instant clientClosedAt;
    long bytesSent;
    long totalBytesSent;
    List<String> lastHeaders = List.of();
  }

  /** One request being served; report into it from the writing thread. */
  public final class Handle implements SimPacer.Listener {
    private final String id;
    private final long count;

    private Handle(String id, long count) {
      this.id = id;
      this.count = count;
    }

    /** The 1-based number of this request among requests of its id. */
    public long count() {
      return count;
    }

    @Override
    public void bytesWritten(int n) {
      update(
          e -> {
            e.bytesSent += n;
            e.totalBytesSent += n;
          });
    }

    @Override
    public void clientClosed() {
      Instant now = clock.instant();
      update(
          e -> {
            e.clientClosed = true;
            e.clientClosedAt = now;
          });
    }

    /** The response is over (normally or not). */
    public void finished() {
      Instant now = clock.instant();
      update(e -> e.lastFinishedAt = now);
    }

    private void update(java.util.function.Consumer<Entry> change) {
      synchronized (entries) {
        Entry e = entries.get(id);
        if (e != null) {
          change.accept(e);
        }
      }
    }
  }

  /** Records the start of a request and returns its handle. */
  public Handle start(String id, Collection<String> headerNames) {
    Instant now = clock.instant();
    TreeSet<String> names = new TreeSet<>();
    for (String h : headerNames) {
      names.add(h.toLowerCase(java.util.Locale.ROOT));
    }
    synchronized (entries) {
      Entry e = entries.computeIfAbsent(id, k -> new Entry());
      e.count++;
      e.lastStartedAt = now;
      e.lastFinishedAt = null;
      e.bytesSent = 0;
      e.lastHeaders = List.copyOf(names);
      return new Handle(id, e.count);
    }
  }

  /** The observation as a JSON-ready map; count 0 and nulls for an unknown id. */
  public Map<String, Object> snapshot(String id) {
    synchronized (entries) {
      Entry e = entries.get(id);
      if (e == null) {
        e = new Entry();
      }
      return obj(
          "id",
          id,
          "count",
          e.count,
          "lastStartedAt",
          str(e.lastStartedAt),
          "lastFinishedAt",
          str(e.lastFinishedAt),
          "clientClosed",
          e.clientClosed,
          "clientClosedAt",
          str(e.clientClosedAt),
          "bytesSent",
          e.bytesSent,
          "totalBytesSent",
          e.totalBytesSent,
          "lastHeaders",
          new ArrayList<>(e.lastHeaders));
    }
  }

  /** Forgets everything (also resets {@code fail-times} counting). */
  public void clear() {
    synchronized (entries) {
      entries.clear();
    }
  }

  /** Number of ids held. */
  public int size() {
    synchronized (entries) {
      return entries.size();
    }
  }

  private static String str(Instant t) {
    return t == null ? null : t.toString();
  }
}
