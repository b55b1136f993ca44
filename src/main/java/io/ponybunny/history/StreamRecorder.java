package io.ponybunny.history;

import io.ponybunny.cluster.ClusterSettings;
import io.ponybunny.event.SerialExecutor;
import io.ponybunny.event.StreamEvent;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Persists stream history from the {@code llm.stream.*} events: one insert at the start, chunks
 * collected in memory, one update at the end or error. The events of one request arrive in order
 * (the publisher's lane per request), so no locking per record is needed; the database is never
 * touched per chunk. While streams are live, a checkpoint every {@code
 * ponybunny.streams.checkpoint-interval-ms} saves the content of every stream that grew since the
 * last one, in one transaction, so a crash ({@code kill -9}) loses at most one interval of text
 * (ADR 0012). The end or error records the tokens and cost the stream used, as far as the provider
 * reported them. In cluster mode a record names the instance it streams on; a record that another
 * instance already ended (its instance was thought lost: {@link StreamReaper}) keeps that end. With
 * the content go the chunks' arrival times ({@link ChunkTimings}, at most {@code
 * ponybunny.streams.timings.max-chunks} groups) and, from the start, the attempts that failed
 * before the one that served the stream and the call's last user message (unless {@code
 * ponybunny.streams.keep-prompts} is false).
 */
@ApplicationScoped
public class StreamRecorder {

  private static final Logger LOG = Logger.getLogger(StreamRecorder.class.getName());

  /** Longest content kept per record (characters). */
  static final int MAX_CONTENT = 900_000;

  @Inject StreamHistory store;

  @Inject ClusterSettings cluster;

  @Resource ManagedExecutorService executor;

  @Resource ManagedScheduledExecutorService timer;

  @Inject
  @ConfigProperty(name = "ponybunny.streams.checkpoint-interval-ms", defaultValue = "1000")
  long checkpointIntervalMs;

  @Inject
  @ConfigProperty(name = "ponybunny.streams.timings.max-chunks", defaultValue = "2048")
  int timingsMaxChunks = 2048;

  @Inject
  @ConfigProperty(name = "ponybunny.streams.keep-prompts", defaultValue = "true")
  boolean keepPrompts = true;

  private volatile SerialExecutor writer;
  private ScheduledFuture<?> checkpoints;

  private final Map<String, Active> active = new ConcurrentHashMap<>();
  private final Map<String, CompletableFuture<Void>> finals = new ConcurrentHashMap<>();

  /** A stream in progress: its content so far and when its chunks arrived. */
  public static final class Active {
    private final StringBuilder content = new StringBuilder();
    private final long startedAt;
    private final ChunkTimings timings;
    private int chunks;
    private int savedChunks;

    /**
     * A stream that started at {@code startedAt} (epoch ms), keeping timings of bound {@code max}.
     */
    Active(long startedAt, int maxTimings) {
      this.startedAt = startedAt;
      this.timings = new ChunkTimings(maxTimings);
    }

    synchronized void append(String chunk, long at) {
      chunks++;
      timings.add(at - startedAt, chunk.length());
      if (content.length() + chunk.length() <= MAX_CONTENT) {
        content.append(chunk);
      }
    }

    /** The content streamed so far. */
    public synchronized String content() {
      return content.toString();
    }

    public synchronized int chunks() {
      return chunks;
    }

    /** The chunks' arrival times so far, in their stored form. */
    public synchronized String timings() {
      return timings.encode();
    }

    /** The content to save if it grew since the last checkpoint, else null. */
    synchronized StreamHistory.Checkpoint checkpoint(String requestId, long now) {
      if (chunks == savedChunks) {
        return null;
      }
      savedChunks = chunks;
      return new StreamHistory.Checkpoint(
          requestId, content.toString(), chunks, timings.encode(), now);
    }
  }

  @PostConstruct
  void startCheckpoints() {
    if (checkpointIntervalMs > 0 && timer != null) {
      checkpoints =
          timer.scheduleWithFixedDelay(
              this::checkpoint, checkpointIntervalMs, checkpointIntervalMs, TimeUnit.MILLISECONDS);
    }
  }

  @PreDestroy
  void stopCheckpoints() {
    if (checkpoints != null) {
      checkpoints.cancel(false);
    }
  }

  /**
   * Queues one batched save of every live stream that grew since the last checkpoint, on the serial
   * writer: after the stream's insert, and before its end (whose update wins anyway).
   */
  void checkpoint() {
    long now = System.currentTimeMillis();
    List<StreamHistory.Checkpoint> batch = new ArrayList<>();
    active.forEach(
        (id, a) -> {
          StreamHistory.Checkpoint c = a.checkpoint(id, now);
          if (c != null) {
            batch.add(c);
          }
        });
    if (!batch.isEmpty()) {
      writer()
          .execute(
              () -> {
                try {
                  store.checkpoint(batch);
                } catch (RuntimeException e) {
                  LOG.log(Level.WARNING, "could not checkpoint " + batch.size() + " stream(s)", e);
                }
              });
    }
  }

  /**
   * Receives every stream event on its request's delivery lane, so it must be quick: chunks are
   * appended in memory, and the two database writes per stream go to one serial writer of their own
   * (in event order), never delaying the broadcast of the request's next events.
   */
  void on(@ObservesAsync StreamEvent event) {
    if (event instanceof StreamEvent.Start s) {
      active.put(s.requestId(), new Active(s.timestamp(), timingsMaxChunks));
    } else if (event instanceof StreamEvent.Chunk c) {
      Active a = active.get(c.requestId());
      if (a != null) {
        a.append(c.chunk(), c.timestamp());
      }
      return;
    }
    writer().execute(() -> persist(event));
  }

  private SerialExecutor writer() {
    SerialExecutor w = writer;
    if (w == null) {
      synchronized (this) {
        if (writer == null) {
          writer = new SerialExecutor(executor);
        }
        w = writer;
      }
    }
    return w;
  }

  private void persist(StreamEvent event) {
    try {
      if (event instanceof StreamEvent.Start s) {
        StreamRecordEntity record =
            new StreamRecordEntity(
                s.requestId(),
                s.goalId(),
                s.workItemId(),
                s.runId(),
                s.model(),
                s.provider(),
                StreamStatus.STREAMING.wireName(),
                s.owner(),
                cluster != null && cluster.enabled() ? cluster.instanceId() : null,
                s.timestamp());
        record.calledBy(s.client(), s.apiKeyId());
        record.attempted(StreamAttempts.encode(s.attempts()));
        record.prompted(keepPrompts ? s.prompt() : null);
        store.insert(record);
      } else if (event instanceof StreamEvent.End e) {
        Active a = active.get(e.requestId());
        String status =
            "cancelled".equals(e.finishReason())
                ? StreamStatus.CANCELLED.wireName()
                : StreamStatus.COMPLETED.wireName();
        store.updateStreaming(
            e.requestId(),
            r -> {
              r.finish(
                  status,
                  a == null ? "" : a.content(),
                  e.totalChunks(),
                  e.inputTokens(),
                  e.outputTokens(),
                  e.cachedInputTokens(),
                  e.tokensUsed(),
                  e.costUsd(),
                  e.ttftMs(),
                  e.durationMs(),
                  e.finishReason(),
                  null,
                  e.timestamp());
              r.timed(a == null ? null : a.timings());
            });
        finished(e.requestId());
      } else if (event instanceof StreamEvent.Error e) {
        Active a = active.get(e.requestId());
        store.updateStreaming(
            e.requestId(),
            r -> {
              r.finish(
                  StreamStatus.ERROR.wireName(),
                  a == null ? "" : a.content(),
                  a == null ? 0 : a.chunks(),
                  e.inputTokens(),
                  e.outputTokens(),
                  e.cachedInputTokens(),
                  e.tokensUsed(),
                  e.costUsd(),
                  null,
                  e.timestamp() - r.getStartedAt(),
                  "error",
                  e.error(),
                  e.timestamp());
              r.failedWith(e.errorType());
              r.timed(a == null ? null : a.timings());
            });
        finished(e.requestId());
      }
    } catch (RuntimeException ex) {
      LOG.log(Level.WARNING, "could not record " + event.eventName() + " " + event.requestId(), ex);
      if (event.terminal()) {
        finished(event.requestId());
      }
    }
  }

  private void finished(String requestId) {
    active.remove(requestId);
    finals.computeIfAbsent(requestId, k -> new CompletableFuture<>()).complete(null);
    if (finals.size() > 10_000) {
      finals.values().removeIf(CompletableFuture::isDone);
    }
  }

  /** The in-memory state of a stream still in progress. */
  public Optional<Active> active(String requestId) {
    return Optional.ofNullable(active.get(requestId));
  }

  /**
   * Waits (at most {@code timeoutMillis}) until the record of {@code requestId} is final in the
   * database, so that a caller who saw the call end also sees its history.
   */
  public void awaitRecorded(String requestId, long timeoutMillis) {
    CompletableFuture<Void> f = finals.computeIfAbsent(requestId, k -> new CompletableFuture<>());
    try {
      f.get(timeoutMillis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      LOG.fine("stream record " + requestId + " not final after " + timeoutMillis + " ms");
    } finally {
      finals.remove(requestId);
    }
  }
}
