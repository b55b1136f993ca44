package io.ponybunny.quota;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The Lua scripts of {@link RedisQuotaLedger}, each one atomic check-and-count over every subject
 * of a call, timed by the Redis server's clock ({@code TIME}) so that the instances' clocks do not
 * matter. A script runs by EVALSHA and is sent whole (EVAL, which caches it) when Redis does not
 * know it (first use, restart). Redis failures are thrown as Lettuce's {@link
 * io.lettuce.core.RedisException}.
 */
final class QuotaScripts {

  /** A script's first reply element: everything counted. */
  static final int COUNTED = 0;

  /** {@link #OPEN}'s first reply element: a subject runs its most streams. */
  static final int TOO_MANY_STREAMS = 1;

  /** {@link #OPEN}'s first reply element: a subject used its tokens of the day. */
  static final int NO_TOKENS_LEFT = 2;

  /** {@link #OPEN}'s first reply element: subjects whose day's counters must be seeded first. */
  static final int UNSEEDED = 3;

  /** {@link #OPEN}'s first reply element: a subject spent its money of the day. */
  static final int NO_MONEY_LEFT = 4;

  /** Sets {@code now} to the Redis server's time in milliseconds. */
  private static final String NOW =
      """
      local t = redis.call('TIME')
      local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
      """;

  /**
   * Refills the bucket hash {@code key} (fields b: requests held, at: when) of {@code rpm} per
   * minute to {@code now}: {@link QuotaRules#refill}, in Lua; a missing bucket is full.
   */
  private static final String LEVEL =
      """
      local function level(key, rpm, now)
        local h = redis.call('HMGET', key, 'b', 'at')
        if not h[1] then return rpm end
        local elapsed = math.max(0, now - tonumber(h[2]))
        return math.min(rpm, tonumber(h[1]) + elapsed * (rpm / 60000))
      end
      """;

  /**
   * KEYS: the bucket of each subject with a limit on requests. ARGV: the buckets' expiry (ms), then
   * each bucket's requests per minute. Takes one request from every bucket, or from none when one
   * holds less than one: then returns {@code {i, level}} (1-based), else {@code {0}} ({@link
   * #COUNTED}).
   */
  static final String ADMIT =
      NOW
          + LEVEL
          + """
          local ttl, levels = tonumber(ARGV[1]), {}
          for i = 1, #KEYS do
            local b = level(KEYS[i], tonumber(ARGV[i + 1]), now)
            if b < 1 then return {i, string.format('%.17g', b)} end
            levels[i] = b
          end
          for i = 1, #KEYS do
            redis.call('HSET', KEYS[i], 'b', string.format('%.17g', levels[i] - 1),
              'at', string.format('%d', now))
            redis.call('PEXPIRE', KEYS[i], ttl)
          end
          return {0}
          """;

  /**
   * KEYS: per subject its sorted set of stream leases (score: expiry in ms), its counter of the
   * day's tokens and its counter of the day's cost (nano-dollars). ARGV: lease id, lease time (ms),
   * then per subject its cap on streams, on the day's tokens and on the day's cost (0: none).
   * Returns {@code {3, i...}} ({@link #UNSEEDED}, nothing counted) when subjects with a cap on
   * tokens or cost lack a counter of the day; {@code {1, i}} ({@link #TOO_MANY_STREAMS}) when
   * subject i runs its most streams, {@code {2, i}} ({@link #NO_TOKENS_LEFT}) when it used its
   * tokens, {@code {4, i}} ({@link #NO_MONEY_LEFT}) when it spent its money (nothing counted); else
   * adds the lease to every subject: {@code {0}} ({@link #COUNTED}).
   */
  static final String OPEN =
      NOW
          + """
          local id, lease, n = ARGV[1], tonumber(ARGV[2]), #KEYS / 3
          local missing = {3}
          for i = 1, n do
            local tokens, usd = tonumber(ARGV[1 + 3 * i]), tonumber(ARGV[2 + 3 * i])
            if (tokens > 0 and redis.call('EXISTS', KEYS[3 * i - 1]) == 0)
                or (usd > 0 and redis.call('EXISTS', KEYS[3 * i]) == 0) then
              missing[#missing + 1] = i
            end
          end
          if #missing > 1 then return missing end
          for i = 1, n do
            local z, d, m = KEYS[3 * i - 2], KEYS[3 * i - 1], KEYS[3 * i]
            local streams = tonumber(ARGV[3 * i])
            local tokens, usd = tonumber(ARGV[1 + 3 * i]), tonumber(ARGV[2 + 3 * i])
            redis.call('ZREMRANGEBYSCORE', z, '-inf', string.format('%d', now))
            if streams > 0 and redis.call('ZCARD', z) >= streams then return {1, i} end
            if tokens > 0 and tonumber(redis.call('GET', d)) >= tokens then return {2, i} end
            if usd > 0 and tonumber(redis.call('GET', m)) >= usd then return {4, i} end
          end
          for i = 1, n do
            local z = KEYS[3 * i - 2]
            redis.call('ZADD', z, string.format('%d', now + lease), id)
            if redis.call('PTTL', z) < lease then redis.call('PEXPIRE', z, lease) end
          end
          return {0}
          """;

  /**
   * KEYS: as {@link #OPEN}. ARGV: lease id, tokens used, their cost (nano-dollars). Removes the
   * lease from every subject and adds the tokens and the cost to each counter of the day that
   * exists (a missing one is seeded from the store, which has them). Returns {@code {0}}.
   */
  static final String CLOSE =
      """
      local id, tokens, usd = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])
      for i = 1, #KEYS / 3 do
        redis.call('ZREM', KEYS[3 * i - 2], id)
        if tokens > 0 and redis.call('EXISTS', KEYS[3 * i - 1]) == 1 then
          redis.call('INCRBY', KEYS[3 * i - 1], ARGV[2])
        end
        if usd > 0 and redis.call('EXISTS', KEYS[3 * i]) == 1 then
          redis.call('INCRBY', KEYS[3 * i], ARGV[3])
        end
      end
      return {0}
      """;

  /**
   * KEYS: a subject's bucket, leases, and counters of the day's tokens and cost. ARGV: its requests
   * per minute (0: none). Changes nothing; returns {@code {level or '', live leases, tokens or '',
   * cost or ''}}.
   */
  static final String USAGE =
      NOW
          + LEVEL
          + """
          local rpm, b = tonumber(ARGV[1]), ''
          if rpm > 0 then b = string.format('%.17g', level(KEYS[1], rpm, now)) end
          local active = redis.call('ZCOUNT', KEYS[2], string.format('(%d', now), '+inf')
          return {b, active, redis.call('GET', KEYS[3]) or '', redis.call('GET', KEYS[4]) or ''}
          """;

  private final Supplier<RedisCommands<String, String>> redis;
  private final Map<String, String> shas = new ConcurrentHashMap<>();

  QuotaScripts(Supplier<RedisCommands<String, String>> redis) {
    this.redis = redis;
  }

  /** Runs {@code script} (one of this class's) and returns its reply. */
  List<Object> run(String script, List<String> keys, List<String> args) {
    RedisCommands<String, String> r = redis.get();
    String[] k = keys.toArray(String[]::new);
    String[] a = args.toArray(String[]::new);
    try {
      return r.evalsha(
          shas.computeIfAbsent(script, QuotaScripts::sha1), ScriptOutputType.MULTI, k, a);
    } catch (RedisNoScriptException notLoaded) {
      return r.eval(script, ScriptOutputType.MULTI, k, a);
    }
  }

  private static String sha1(String script) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-1").digest(script.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JVM has no SHA-1", e);
    }
  }
}
