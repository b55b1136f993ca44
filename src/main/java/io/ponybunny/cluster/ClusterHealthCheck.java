package io.ponybunny.cluster;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import javax.sql.DataSource;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * In cluster mode, ready only while Redis and the database answer (a load balancer then sends
 * nobody to an instance that cannot broadcast or claim goals); names the instance. On a single node
 * it is always up and checks nothing.
 */
@Readiness
@ApplicationScoped
public class ClusterHealthCheck implements HealthCheck {

  @Inject ClusterConfig config;
  @Inject ClusterRedis redis;

  @Resource(lookup = "jdbc/ponybunny")
  DataSource dataSource;

  @Override
  public HealthCheckResponse call() {
    if (!config.enabled()) {
      return HealthCheckResponse.named("cluster").up().withData("mode", "single").build();
    }
    boolean redisUp = redis.ping();
    boolean dbUp = databaseAnswers();
    return HealthCheckResponse.named("cluster")
        .status(redisUp && dbUp)
        .withData("instance", config.settings().instanceId())
        .withData("redis", redisUp ? "up" : "down")
        .withData("database", dbUp ? "up" : "down")
        .build();
  }

  private boolean databaseAnswers() {
    try (Connection c = dataSource.getConnection()) {
      return c.isValid(2);
    } catch (Exception e) {
      return false;
    }
  }
}
