package io.ponybunny.history;

import io.ponybunny.client.MetricsSummary;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import jakarta.transaction.Transactional;
import java.util.List;
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

  /** Records newest first, filtered by owner, status, goal and model (null = any). */
  public Page list(
      String owner, StreamStatus status, String goalId, String model, int page, int size) {
    StringBuilder where = new StringBuilder(" WHERE 1 = 1");
    if (owner != null) {
      where.append(" AND s.owner = :owner");
    }
    if (status != null) {
      where.append(" AND s.status = :status");
    }
    if (goalId != null) {
      where.append(" AND s.goalId = :goal");
    }
    if (model != null) {
      where.append(" AND s.model = :model");
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
      if (owner != null) {
        q.setParameter("owner", owner);
      }
      if (status != null) {
        q.setParameter("status", status.wireName());
      }
      if (goalId != null) {
        q.setParameter("goal", goalId);
      }
      if (model != null) {
        q.setParameter("model", model);
      }
    }
    return new Page(
        items.setFirstResult(page * size).setMaxResults(size).getResultList(),
        count.getSingleResult());
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
