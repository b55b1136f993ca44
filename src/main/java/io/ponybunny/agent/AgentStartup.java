package io.ponybunny.agent;

import io.ponybunny.agent.persistence.GoalStore;
import io.ponybunny.cluster.ClusterSettings;
import io.ponybunny.history.StreamHistory;
import io.ponybunny.persistence.SchemaMigrator;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * At application start: migrates the schema, fails whatever was left running by a previous process
 * (goals, runs, streams), then queues the goals still waiting. In cluster mode it only migrates
 * (PostgreSQL is required) and starts the {@link GoalScheduler}'s claims: the goals and streams
 * running on other instances are theirs, and those of a dead instance are taken over when their
 * lease runs out.
 */
@ApplicationScoped
public class AgentStartup {

  private static final Logger LOG = Logger.getLogger(AgentStartup.class.getName());

  /** The error of goals and streams interrupted by a server stop. */
  public static final String INTERRUPTED = "interrupted: the server stopped while it was running";

  @Resource(lookup = "jdbc/ponybunny")
  DataSource dataSource;

  @Inject GoalStore goals;
  @Inject StreamHistory streams;
  @Inject GoalScheduler scheduler;
  @Inject AgentEvents events;
  @Inject ClusterSettings cluster;

  void start(@Observes @Initialized(ApplicationScoped.class) Object ignored) throws SQLException {
    int applied = SchemaMigrator.migrate(dataSource);
    if (applied > 0) {
      LOG.info("Database schema migrated: " + applied + " migration(s) applied");
    }
    if (cluster.enabled()) {
      requirePostgres();
      scheduler.startCluster();
      return;
    }
    List<String> failed = goals.failInterrupted(INTERRUPTED);
    int streamsFailed = streams.failInterrupted(INTERRUPTED);
    if (!failed.isEmpty() || streamsFailed > 0) {
      LOG.info(
          "Marked "
              + failed.size()
              + " goal(s) left running as failed (they may be retried) and "
              + streamsFailed
              + " stream(s) left streaming as interrupted, with their checkpointed text");
    }
    for (GoalStore.Queued goal : goals.queued()) {
      scheduler.restore(goal.id(), goal.owner());
    }
  }

  /** Cluster mode shares goals through PostgreSQL (row locks, SKIP LOCKED). */
  private void requirePostgres() throws SQLException {
    String product;
    try (Connection c = dataSource.getConnection()) {
      product = c.getMetaData().getDatabaseProductName();
    }
    if (!"PostgreSQL".equals(product)) {
      String message =
          "Cluster mode (ponybunny.cluster.redis-url) needs a shared PostgreSQL database; this"
              + " server's database is "
              + product;
      LOG.severe(message);
      throw new SQLException(message);
    }
  }
}
