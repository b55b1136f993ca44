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
  @ConfigProperty(name = "ponybunny.cluster.lease-ms", defaultValue = "30000")
  long leaseMillis;

  @Inject
  @ConfigProperty(name = "ponybunny.cluster.heartbeat-ms", defaultValue = "10000")
  long heartbeatMillis;

  @Inject
  @ConfigProperty(name = "ponybunny.cluster.claim-poll-ms", defaultValue = "2000")
  long claimPollMillis;

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
            + " ms");
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

  /** The settings, the same for the application's life. */
  @Produces
  public ClusterSettings settings() {
    return settings;
  }
}
