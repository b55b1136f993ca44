package io.ponybunny.broadcast.redis;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * The channel log's three Lua scripts and how they are called: each is loaded once (SCRIPT LOAD)
 * and run with EVALSHA, loaded again when Redis answers NOSCRIPT (after a restart). Every call
 * waits at most a timeout; a call that cannot reach Redis, times out or meets a passing server
 * state (LOADING, BUSY, OOM, READONLY, MASTERDOWN, TRYAGAIN) throws {@link
 * RedisUnavailableException}; any other Redis error throws {@link IllegalStateException} with
 * Redis's error text (which holds no credentials). A new epoch is a random base-36 token chosen per
 * call plus a counter within the call, so it is unique per channel.
 */
final class LogScripts {

  /**
   * Makes the epoch of the channel whose meta hash is {@code m} and stream {@code s} when it has
   * none (new, expired or lost): a fresh one with seq 0, its old stream deleted.
   */
  private static final String ENSURE_EPOCH =
      """
      local function ensure(m, s, epoch)
        local e = redis.call('HGET', m, 'e')
        if e then return e, false end
        redis.call('DEL', m, s)
        redis.call('HSET', m, 'e', epoch, 's', 0)
        return epoch, true
      end
      """;

  /**
   * KEYS: meta and stream of each event in order. ARGV: token, maxEvents, ttl, writer field, topic
   * prefix, then per event channel, writer counter, name, ts, data. An event whose writer counter
   * is not above the one the channel last applied from this writer is a retry of an applied one and
   * is skipped. Returns the number of events applied.
   */
  static final String APPEND =
      ENSURE_EPOCH
          + """
          local token, maxlen, ttl, wf, topic = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5]
          local made, applied, touched = 0, 0, {}
          for i = 1, #KEYS / 2 do
            local m, s, a = KEYS[2 * i - 1], KEYS[2 * i], 5 + 5 * (i - 1)
            local e, fresh = ensure(m, s, token .. '.' .. (made + 1))
            if fresh then made = made + 1 end
            local w = ARGV[a + 2]
            if tonumber(w) > tonumber(redis.call('HGET', m, wf) or '0') then
              local name, ts, data = ARGV[a + 3], ARGV[a + 4], ARGV[a + 5]
              local seq = redis.call('HINCRBY', m, 's', 1)
              redis.call('HSET', m, wf, w)
              redis.call('XADD', s, 'MAXLEN', '~', maxlen, seq .. '-1',
                'name', name, 'ts', ts, 'data', data)
              redis.call('PUBLISH', topic .. ARGV[a + 1],
                e .. '\\n' .. seq .. '\\n' .. name .. '\\n' .. ts .. '\\n' .. data)
              applied = applied + 1
            end
            touched[m] = s
          end
          for m, s in pairs(touched) do
            redis.call('PEXPIRE', m, ttl)
            redis.call('PEXPIRE', s, ttl)
          end
          return applied
          """;

  /** KEYS: meta, stream. ARGV: token, ttl. Returns {epoch, last seq}. */
  static final String HEAD =
      ENSURE_EPOCH
          + """
          local e, fresh = ensure(KEYS[1], KEYS[2], ARGV[1] .. '.1')
          if fresh then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
          return {e, redis.call('HGET', KEYS[1], 's')}
          """;

  /**
   * KEYS: meta, stream. ARGV: token, ttl, caller's epoch, afterSeq, first id, max. Returns {epoch,
   * last seq, entries}: entries (XRANGE rows) only when the epoch is the caller's and there are
   * some after afterSeq.
   */
  static final String RANGE =
      ENSURE_EPOCH
          + """
          local e, fresh = ensure(KEYS[1], KEYS[2], ARGV[1] .. '.1')
          if fresh then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
          local s = redis.call('HGET', KEYS[1], 's')
          if e ~= ARGV[3] or tonumber(ARGV[4]) >= tonumber(s) then return {e, s, {}} end
          return {e, s, redis.call('XRANGE', KEYS[2], ARGV[5], '+', 'COUNT', ARGV[6])}
          """;

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final List<String> PASSING =
      List.of("LOADING", "BUSY", "OOM", "READONLY", "MASTERDOWN", "TRYAGAIN", "CLUSTERDOWN");

  private final RedisAsyncCommands<String, String> commands;
  private final BooleanSupplier open;
  private final String appendSha;
  private final String headSha;
  private final String rangeSha;

  /**
   * Loads the scripts. {@code open} says whether the connection is up: a call fails at once when it
   * is not.
   */
  LogScripts(
      RedisAsyncCommands<String, String> commands, BooleanSupplier open, long timeoutMillis) {
    this.commands = commands;
    this.open = open;
    this.appendSha = load(APPEND, timeoutMillis);
    this.headSha = load(HEAD, timeoutMillis);
    this.rangeSha = load(RANGE, timeoutMillis);
  }

  /** A fresh random token (base 36, 1-16 characters): epochs and writer ids are made of these. */
  static String token() {
    byte[] b = new byte[10];
    RANDOM.nextBytes(b);
    return new BigInteger(1, b).toString(36);
  }

  /** Runs the append script; returns the number of events applied (not skipped as retries). */
  long append(String[] keys, String[] args, long timeoutMillis) {
    return (Long) call(APPEND, appendSha, ScriptOutputType.INTEGER, keys, args, timeoutMillis);
  }

  /** Runs the head script: {epoch, last seq}. */
  List<Object> head(String meta, String stream, long ttlMillis, long timeoutMillis) {
    return call(
        HEAD,
        headSha,
        ScriptOutputType.MULTI,
        new String[] {meta, stream},
        new String[] {token(), Long.toString(ttlMillis)},
        timeoutMillis);
  }

  /** Runs the range script: {epoch, last seq, XRANGE rows}. */
  List<Object> range(
      String meta,
      String stream,
      long ttlMillis,
      String epoch,
      long afterSeq,
      int max,
      long timeoutMillis) {
    return call(
        RANGE,
        rangeSha,
        ScriptOutputType.MULTI,
        new String[] {meta, stream},
        new String[] {
          token(),
          Long.toString(ttlMillis),
          epoch,
          Long.toString(afterSeq),
          (afterSeq + 1) + "-0",
          Integer.toString(max)
        },
        timeoutMillis);
  }

  private <T> T call(
      String script,
      String sha,
      ScriptOutputType type,
      String[] keys,
      String[] args,
      long timeoutMillis) {
    requireOpen();
    try {
      return await(commands.evalsha(sha, type, keys, args), timeoutMillis);
    } catch (RedisNoScriptException e) {
      load(script, timeoutMillis); // Redis restarted or its script cache was flushed
      try {
        return await(commands.evalsha(sha, type, keys, args), timeoutMillis);
      } catch (RedisNoScriptException again) {
        throw new RedisUnavailableException("Redis lost the channel log script again", again);
      }
    }
  }

  private String load(String script, long timeoutMillis) {
    requireOpen();
    return await(commands.scriptLoad(script), timeoutMillis);
  }

  private void requireOpen() {
    if (!open.getAsBoolean()) {
      throw new RedisUnavailableException("Redis is not connected");
    }
  }

  private <T> T await(RedisFuture<T> future, long timeoutMillis) {
    try {
      return future.get(timeoutMillis, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      future.cancel(false);
      throw new RedisUnavailableException("Redis did not answer within " + timeoutMillis + " ms");
    } catch (InterruptedException e) {
      future.cancel(false);
      Thread.currentThread().interrupt();
      throw new RedisUnavailableException("interrupted while waiting for Redis", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RedisNoScriptException noScript) {
        throw noScript;
      }
      if (cause instanceof RedisCommandExecutionException refused) {
        String text = String.valueOf(refused.getMessage());
        if (PASSING.stream().anyMatch(text::startsWith)) {
          throw new RedisUnavailableException("Redis is not ready: " + firstWord(text), refused);
        }
        throw new IllegalStateException("Redis refused a channel log script: " + text, refused);
      }
      throw new RedisUnavailableException(
          "Redis is unreachable (" + cause.getClass().getSimpleName() + ")", cause);
    }
  }

  private static String firstWord(String text) {
    int space = text.indexOf(' ');
    return space < 0 ? text : text.substring(0, space);
  }
}
