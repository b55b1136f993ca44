/**
 * What makes several PonyBunny instances one service (ADR 0013): the cluster settings ({@code
 * ponybunny.cluster.*}; cluster mode is on when a Redis URL is set) and the instance's id, the
 * {@link io.ponybunny.cluster.InstanceRegistry} of instances seen alive in the shared database
 * (which tells the others when an instance died), the one Redis client of the instance, the control
 * notices instances send each other (cancel a goal or a call running elsewhere) and the readiness
 * check of the shared parts. Without a Redis URL nothing here connects anywhere.
 */
package io.ponybunny.cluster;
