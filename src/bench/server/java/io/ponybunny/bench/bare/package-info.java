/**
 * The benchmark baseline (B3): the simplest correct WebSocket fan-out, {@code
 * /ws/bench/bare/{goalId}}. Built into the WAR only by the {@code bench} Maven profile, never into
 * the product.
 */
package io.ponybunny.bench.bare;
