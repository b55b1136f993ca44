package io.ponybunny.cluster;

/**
 * How this server takes part in a cluster. {@link #single()} is the single-node server: it owns
 * every goal and stream of its database. In cluster mode ({@code enabled}), instances claim goals
 * from the shared PostgreSQL database and hold each under a lease of {@code leaseMillis}, renewed
 * every {@code heartbeatMillis}; idle instances look for claimable goals every {@code
 * claimPollMillis}.
 *
 * @param enabled whether cluster mode is on
 * @param instanceId this instance's name (at most 128 characters), null for a single node
 * @param leaseMillis how long a claim stays valid without a renewal
 * @param heartbeatMillis how often leases are renewed (well below {@code leaseMillis})
 * @param claimPollMillis how often the database is asked for claimable goals
 */
public record ClusterSettings(
    boolean enabled,
    String instanceId,
    long leaseMillis,
    long heartbeatMillis,
    long claimPollMillis) {

  /** Longest instance id (the {@code instance} columns). */
  public static final int MAX_INSTANCE_ID = 128;

  /** Validates a cluster's settings. */
  public ClusterSettings {
    if (enabled) {
      if (instanceId == null || instanceId.isBlank() || instanceId.length() > MAX_INSTANCE_ID) {
        throw new IllegalArgumentException(
            "a cluster instance id must have 1 to " + MAX_INSTANCE_ID + " characters");
      }
      if (leaseMillis <= 0 || heartbeatMillis <= 0 || claimPollMillis <= 0) {
        throw new IllegalArgumentException("cluster lease, heartbeat and poll must be positive");
      }
      if (heartbeatMillis * 2 > leaseMillis) {
        throw new IllegalArgumentException(
            "the cluster heartbeat ("
                + heartbeatMillis
                + " ms) must be at most half the lease ("
                + leaseMillis
                + " ms)");
      }
    }
  }

  /** A single-node server. */
  public static ClusterSettings single() {
    return new ClusterSettings(false, null, 30_000, 10_000, 2_000);
  }
}
