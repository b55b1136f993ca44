/**
 * Cluster membership: the {@link io.ponybunny.cluster.ClusterSettings} of this server (single node,
 * or one instance of a cluster sharing PostgreSQL and Redis) and the {@link
 * io.ponybunny.cluster.InstanceRegistry} of instances seen alive in the shared database, which
 * tells the others when an instance died.
 */
package io.ponybunny.cluster;
