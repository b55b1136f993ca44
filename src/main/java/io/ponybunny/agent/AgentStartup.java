package io.ponybunny.agent;

import io.ponybunny.agent.persistence.GoalStore;
import io.ponybunny.history.StreamHistory;
import io.ponybunny.persistence.SchemaMigrator;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.util.List;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * At application start: migrates the schema, fails whatever was left running by a previous process
 * (goals, runs, streams), then queues the goals still waiting.
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

  void start(@Observes @Initialized(ApplicationScoped.class) Object ignored) throws SQLException {
    int applied = SchemaMigrator.migrate(dataSource);
    if (applied > 0) {
      LOG.info("Database schema migrated: " + applied + " migration(s) applied");
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
}
