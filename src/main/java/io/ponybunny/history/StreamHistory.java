package io.ponybunny.history;

import io.ponybunny.client.MetricsSummary;
import io.ponybunny.client.TimeSeries;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Query;
import jakarta.persistence.TypedQuery;
import jakarta.transaction.Transactional;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Stream records in the database. */
@ApplicationScoped
@Transactional
public class StreamHistory {

  @PersistenceContext(unitName = "ponybunny")
  EntityManager em;

  /** A page of records and the total count. */
  public record Page(List<StreamRecordEntity> items, long total) {}

  public void insert(StreamRecordEntity record) {
    em.persist(record);
  }

  public Optional<StreamRecordEntity> find(String requestId) {
    return Optional.ofNullable(em.find(StreamRecordEntity.class, requestId));
  }

  /** Applies {@code change} to the record (creating nothing when it is missing). */
  public boolean update(String requestId, java.util.function.Consumer<StreamRecordEntity> change) {
    StreamRecordEntity r = em.find(StreamRecordEntity.class, requestId);
    if (r == null) {
      return false;
    }
    change.accept(r);
    return true;
  }

  /**
   * Applies {@code change} to the record while it is still streaming: a record another instance
   * already ended (it thought this one lost) keeps that end. False when nothing was changed.
   */
  public boolean updateStreaming(
      String requestId, java.util.function.Consumer<StreamRecordEntity> change) {
    StreamRecordEntity r = em.find(StreamRecordEntity.class, requestId);
    if (r == null || !StreamStatus.STREAMING.wireName().equals(r.getStatus())) {
      return false;
    }
    change.accept(r);
    return true;
  }

  /**
   * What a history search asks for; a null field does not filter. {@code phrase} is found
   * case-insensitively in the prompt or the answer; {@code from} (inclusive) and {@code to}
   * (exclusive) bound the start, in epoch milliseconds.
   */
  public record Search(
      String owner,
      StreamStatus status,
      String goalId,
      String model,
      String provider,
      String phrase,
      Long from,
      Long to) {}

  /** A page of the records {@code search} finds, newest first, and how many it finds in all. */
  public Page search(Search search, int page, int size) {
    return search(search, page, size, true);
  }

  /** A page of the records {@code search} finds, newest first, without counting them all. */
  public List<StreamRecordEntity> records(Search search, int page, int size) {
    return search(search, page, size, false).items();
  }

  private Page search(Search search, int page, int size, boolean counted) {
    StringBuilder where = new StringBuilder(" WHERE 1 = 1");
    Map<String, Object> params = new LinkedHashMap<>();
    if (search.owner() != null) {
      where.append(" AND s.owner = :owner");
      params.put("owner", search.owner());
    }
    if (search.status() != null) {
      where.append(" AND s.status = :status");
      params.put("status", search.status().wireName());
    }
    if (search.goalId() != null) {
      where.append(" AND s.goalId = :goal");
      params.put("goal", search.goalId());
    }
    if (search.model() != null) {
      where.append(" AND s.model = :model");
      params.put("model", search.model());
    }
    if (search.provider() != null) {
      where.append(" AND s.provider = :provider");
      params.put("provider", search.provider());
    }
    if (search.phrase() != null) {
      where.append(
          " AND (LOWER(s.content) LIKE :phrase ESCAPE '\\'"
              + " OR LOWER(s.prompt) LIKE :phrase ESCAPE '\\')");
      params.put("phrase", "%" + likeEscaped(search.phrase().toLowerCase(Locale.ROOT)) + "%");
    }
    if (search.from() != null) {
      where.append(" AND s.startedAt >= :from");
      params.put("from", search.from());
    }
    if (search.to() != null) {
      where.append(" AND s.startedAt < :to");
      params.put("to", search.to());
    }
    TypedQuery<StreamRecordEntity> items =
        em.createQuery(
            "SELECT s FROM StreamRecordEntity s"
                + where
                + " ORDER BY s.startedAt DESC, s.requestId",
            StreamRecordEntity.class);
    TypedQuery<Long> count =
        em.createQuery("SELECT COUNT(s) FROM StreamRecordEntity s" + where, Long.class);
    for (TypedQuery<?> q : List.of(items, count)) {
      params.forEach(q::setParameter);
    }
    return new Page(
        items.setFirstResult(page * size).setMaxResults(size).getResultList(),
        counted ? count.getSingleResult() : -1);
  }

  /** {@code text} with LIKE's wildcards and the escape character escaped (by a backslash). */
  static String likeEscaped(String text) {
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }

  /**
   * The charts' aggregates over streams started in {@code [from, to)}, in buckets of {@code
   * bucketMs}, of {@code owner} (null: everyone's); computed by the database, never by loading the
   * records. Percentiles are the database's {@code PERCENTILE_CONT} (H2 and PostgreSQL alike).
   */
  public TimeSeries timeSeries(String range, long from, long to, long bucketMs, String owner) {
    String mine = owner == null ? "" : " AND owner = ?4";
    @SuppressWarnings("unchecked")
    List<Object[]> rows =
        nativeQuery(
                "SELECT bucket, model, COUNT(*),"
                    + " SUM(CASE WHEN status = 'error' THEN 1 ELSE 0 END),"
                    + " PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY ttft_ms),"
                    + " PERCENTILE_CONT(0.95) WITHIN GROUP (ORDER BY ttft_ms),"
                    + " SUM(CASE WHEN status = 'completed' AND duration_ms > 0"
                    + " THEN COALESCE(output_tokens, chunks) ELSE 0 END),"
                    + " SUM(CASE WHEN status = 'completed' AND duration_ms > 0"
                    + " THEN duration_ms ELSE 0 END)"
                    + " FROM (SELECT (started_at - ?1) / ?3 AS bucket, model, status, ttft_ms,"
                    + " output_tokens, chunks, duration_ms FROM pb_stream"
                    + " WHERE started_at >= ?1 AND started_at < ?2"
                    + mine
                    + ") b GROUP BY bucket, model ORDER BY model, bucket",
                owner == null
                    ? List.<Object>of(from, to, bucketMs)
                    : List.<Object>of(from, to, bucketMs, owner))
            .getResultList();
    @SuppressWarnings("unchecked")
    List<Object[]> errorRows =
        nativeQuery(
                "SELECT provider, kind, COUNT(*) FROM (SELECT COALESCE(provider, 'unknown')"
                    + " AS provider, COALESCE(error_type, 'unknown') AS kind FROM pb_stream"
                    + " WHERE status = 'error' AND started_at >= ?1 AND started_at < ?2"
                    + (owner == null ? "" : " AND owner = ?3")
                    + ") e GROUP BY provider, kind ORDER BY COUNT(*) DESC, provider, kind",
                owner == null ? List.<Object>of(from, to) : List.<Object>of(from, to, owner))
            .getResultList();
    return TimeSeriesRows.shape(range, from, to, bucketMs, rows, errorRows);
  }

  /** A native query with {@code params} bound to {@code ?1}, {@code ?2}, ... in order. */
  private Query nativeQuery(String sql, List<Object> params) {
    Query q = em.createNativeQuery(sql);
    for (int i = 0; i < params.size(); i++) {
      q.setParameter(i + 1, params.get(i));
    }
    return q;
  }

  /** Totals over the records of {@code owner} (null: everyone's). */
  public MetricsSummary summary(String owner) {
    String mine = owner == null ? "" : " AND s.owner = :o";
    long active = count(StreamStatus.STREAMING, owner);
    long completed = count(StreamStatus.COMPLETED, owner);
    long errors = count(StreamStatus.ERROR, owner);
    long total =
        owned(
                em.createQuery(
                    "SELECT COUNT(s) FROM StreamRecordEntity s WHERE 1 = 1" + mine, Long.class),
                owner)
            .getSingleResult();
    Double ttft =
        owned(
                em.createQuery(
                    "SELECT AVG(s.ttftMs) FROM StreamRecordEntity s"
                        + " WHERE s.status = :c AND s.ttftMs IS NOT NULL"
                        + mine,
                    Double.class),
                owner)
            .setParameter("c", StreamStatus.COMPLETED.wireName())
            .getSingleResult();
    Object[] rate =
        owned(
                em.createQuery(
                    "SELECT SUM(COALESCE(s.outputTokens, s.chunks)), SUM(s.durationMs)"
                        + " FROM StreamRecordEntity s WHERE s.status = :c AND s.durationMs > 0"
                        + mine,
                    Object[].class),
                owner)
            .setParameter("c", StreamStatus.COMPLETED.wireName())
            .getSingleResult();
    Double tps = null;
    if (rate[0] instanceof Number tokens && rate[1] instanceof Number ms && ms.longValue() > 0) {
      tps = tokens.doubleValue() * 1000.0 / ms.doubleValue();
    }
    return new MetricsSummary(active, completed, errors, total, ttft, tps);
  }

  private long count(StreamStatus status, String owner) {
    return owned(
            em.createQuery(
                "SELECT COUNT(s) FROM StreamRecordEntity s WHERE s.status = :s"
                    + (owner == null ? "" : " AND s.owner = :o"),
                Long.class),
            owner)
        .setParameter("s", status.wireName())
        .getSingleResult();
  }

  private static <T> TypedQuery<T> owned(TypedQuery<T> q, String owner) {
    return owner == null ? q : q.setParameter("o", owner);
  }

  /**
   * The content of a live stream at a checkpoint, and its chunks' timings ({@link ChunkTimings}).
   */
  public record Checkpoint(String requestId, String content, int chunks, String timings, long at) {}

  /**
   * Saves the content of live streams in one transaction; a record that is no longer streaming (its
   * end was recorded first) is left alone. Returns how many records were updated.
   */
  public int checkpoint(List<Checkpoint> checkpoints) {
    int updated = 0;
    for (Checkpoint c : checkpoints) {
      updated +=
          em.createQuery(
                  "UPDATE StreamRecordEntity s SET s.content = :c, s.chunks = :n,"
                      + " s.chunkTimings = :t, s.checkpointedAt = :at"
                      + " WHERE s.requestId = :id AND s.status = :s")
              .setParameter("c", c.content())
              .setParameter("n", c.chunks())
              .setParameter("t", c.timings())
              .setParameter("at", c.at())
              .setParameter("id", c.requestId())
              .setParameter("s", StreamStatus.STREAMING.wireName())
              .executeUpdate();
    }
    return updated;
  }

  /**
   * After a restart: records left streaming become {@code interrupted}, keeping the content of
   * their last checkpoint. Returns how many.
   */
  public int failInterrupted(String reason) {
    List<StreamRecordEntity> open =
        em.createQuery(
                "SELECT s FROM StreamRecordEntity s WHERE s.status = :s", StreamRecordEntity.class)
            .setParameter("s", StreamStatus.STREAMING.wireName())
            .getResultList();
    long now = System.currentTimeMillis();
    for (StreamRecordEntity r : open) {
      r.finish(
          StreamStatus.INTERRUPTED.wireName(),
          r.getContent() == null ? "" : r.getContent(),
          r.getChunks(),
          r.getInputTokens(),
          r.getOutputTokens(),
          r.getCachedInputTokens(),
          r.getTokensUsed(),
          r.getCostUsd(),
          r.getTtftMs(),
          r.getDurationMs() == null ? now - r.getStartedAt() : r.getDurationMs(),
          "interrupted",
          reason,
          now);
    }
    return open.size();
  }
}
