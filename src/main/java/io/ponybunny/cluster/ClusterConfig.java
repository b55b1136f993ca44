package io.ponybunny.cluster;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Reads the {@link ClusterSettings} once from MicroProfile Config (see the README): cluster mode is
 * on when {@code ponybunny.cluster.redis-url} is set. An instance without {@code
 * ponybunny.cluster.instance-id} is named {@code <host name>-<process id>}, unique on one host and
 * stable for a container whose process is always the same.
 */
@ApplicationScoped
public class ClusterConfig {

  private static final Logger LOG = Logger.getLogger(ClusterConfig.class.getName());

  @Inject
  @ConfigProperty(name = "ponybunny.cluster.redis-url")
  Optional<String> redisUrl;

  @Inject
  @ConfigProperty(name = "ponybunny.cluster.instance-id")
  Optional<String> instanceId;

  @Inject
  @ConfigProperty(name = "ponybunny.cluster.lease-ms", defaultValue = "10000")
  long leaseMillis;

  @Inject
  @ConfigProperty(name = "ponybunny.cluster.heartbeat-ms", defaultValue = "2000")
  long heartbeatMillis;

  @Inject
  @ConfigProperty(name = "ponybunny.cluster.claim-poll-ms", defaultValue = "1000")
  long claimPollMillis;

  @Inject
  @ConfigProperty(name = "ponybunny.cluster.redis-timeout-ms", defaultValue = "2000")
  long redisTimeoutMillis;

  @Inject
  @ConfigProperty(name = "ponybunny.cluster.channel-ttl-seconds", defaultValue = "3600")
  long channelTtlSeconds;

  @Inject
  @ConfigProperty(name = "ponybunny.cluster.batch-max-events", defaultValue = "512")
  int batchMaxEvents;

  @Inject
  @ConfigProperty(name = "ponybunny.cluster.max-pending-events", defaultValue = "100000")
  int maxPendingEvents;

  private ClusterSettings settings;

  @PostConstruct
  void read() {
    if (redisUrl.filter(u -> !u.isBlank()).isEmpty()) {
      settings = ClusterSettings.single();
      return;
    }
    String id = instanceId.map(String::strip).filter(s -> !s.isEmpty()).orElseGet(this::defaultId);
    settings = new ClusterSettings(true, id, leaseMillis, heartbeatMillis, claimPollMillis);
    LOG.info(
        "Cluster mode: instance "
            + id
            + ", goal lease "
            + leaseMillis
            + " ms, heartbeat "
            + heartbeatMillis
            + " ms, claim poll "
            + claimPollMillis
            + " ms, Redis "
            + ClusterRedis.describe(redisUrl()));
  }

  private String defaultId() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      host = "instance";
    }
    String id = host + "-" + ProcessHandle.current().pid();
    return id.length() <= ClusterSettings.MAX_INSTANCE_ID
        ? id
        : id.substring(id.length() - ClusterSettings.MAX_INSTANCE_ID);
  }

  /** Whether this instance runs in cluster mode. */
  public boolean enabled() {
    return settings.enabled();
  }

  /** The Redis URL (may carry a password: never log it), empty on a single node. */
  public String redisUrl() {
    return redisUrl.orElse("").strip();
  }

  /** How long a Redis command may take before the caller gives up. */
  public long redisTimeoutMillis() {
    return Math.max(100, redisTimeoutMillis);
  }

  /** How long a channel's history stays in Redis after its last event. */
  public long channelTtlMillis() {
    return Math.max(1, channelTtlSeconds) * 1000L;
  }

  /** Events per append script call towards Redis. */
  public int batchMaxEvents() {
    return Math.max(1, batchMaxEvents);
  }

  /** Events waiting for Redis while it is away; beyond, new ones are dropped and counted. */
  public int maxPendingEvents() {
    return Math.max(1, maxPendingEvents);
  }

  /** The settings, the same for the application's life. */
  @Produces
  public ClusterSettings settings() {
    return settings;
  }
}
