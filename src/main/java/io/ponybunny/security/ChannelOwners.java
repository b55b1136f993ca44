package io.ponybunny.security;

import io.ponybunny.agent.persistence.GoalEntity;
import io.ponybunny.agent.persistence.GoalStore;
import io.ponybunny.broadcast.BroadcastManager;
import io.ponybunny.cluster.ClusterConfig;
import io.ponybunny.cluster.ClusterRedis;
import io.ponybunny.history.StreamHistory;
import io.ponybunny.history.StreamRecordEntity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Who owns each goal channel ({@code /ws/goals/{goalId}}): a goal's creator, or, for a free-form
 * channel id that names no goal, the first principal that used it (a completion's {@code goalId} or
 * a subscription). Non-admins may use only their own channels, so nobody reads another's goal or
 * injects a stream into it. Remembers the most recent {@value #MAX_ENTRIES} goals (looked up in the
 * database when forgotten) and, per principal, its {@value #MAX_FREE_PER_PRINCIPAL} most recently
 * used free-form channels: a free-form claim is forgotten only when its own principal claims more,
 * never because others do, so nobody can push another's claim out and take the channel over.
 */
@ApplicationScoped
public class ChannelOwners {

  /** Goals remembered (least recently used ones are forgotten). */
  static final int MAX_ENTRIES = 100_000;

  /** Free-form channels remembered per principal (its least recently used ones are forgotten). */
  static final int MAX_FREE_PER_PRINCIPAL = 10_000;

  /** The form of the goals' ids ({@code GoalStore.newId("g")}). */
  static final Pattern GOAL_ID = Pattern.compile("g_[0-9a-f]{32}");

  /** The owner of a goal created before ownership existed: admins only. */
  private static final String NOBODY = "";

  private final Map<String, String> owners =
      Collections.synchronizedMap(
          new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
              return size() > MAX_ENTRIES;
            }
          });

  private FreeOwners free = new FreeClaims(MAX_FREE_PER_PRINCIPAL);

  @Inject GoalStore goals;
  @Inject BroadcastManager broadcast;
  @Inject ClusterConfig cluster;
  @Inject ClusterRedis redis;
  @Inject StreamHistory streams;

  void wire(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
    if (cluster != null && cluster.enabled()) {
      // one owner per free-form channel in the whole cluster, not one per instance
      free = new RedisFreeClaims(redis::commands, RedisFreeClaims.TTL);
    }
    broadcast.goalOwners(this::goalOwner);
    broadcast.recordedStreamOwners(
        requestId -> streams.find(requestId).map(StreamRecordEntity::getOwner).orElse(null));
  }

  /** Who owns free-form channels: the first principal that used one. */
  interface FreeOwners {
    /** The channel's owner, claiming it for {@code principal} if nobody owns it. */
    String claim(String channel, String principal);

    /** The channel's owner, or null. */
    String owner(String channel);
  }

  /** Records the owner of a goal just created. */
  public void goalCreated(String goalId, String owner) {
    owners.put(goalId, owner);
  }

  /**
   * Whether {@code identity} may use the channel {@code goalId}; an unused free-form channel is
   * claimed for it.
   */
  public boolean mayUse(Identity identity, String goalId) {
    if (!GOAL_ID.matcher(goalId).matches()) {
      // Only an id of the goals' form can name a goal: others are claimed without a query.
      return identity.mayAccess(free.claim(goalId, identity.name()));
    }
    String owner = owners.get(goalId);
    if (owner == null) {
      String found =
          goals.find(goalId).map(g -> g.getOwner() == null ? NOBODY : g.getOwner()).orElse(null);
      owner =
          found != null
              ? owners.merge(goalId, found, (old, mine) -> mine)
              : owners.merge(goalId, identity.name(), (old, mine) -> old);
    }
    return identity.mayAccess(owner);
  }

  /** Whether {@code id} has the form of a goal's id, which only a goal may use on a socket. */
  public static boolean isGoalId(String id) {
    return GOAL_ID.matcher(id).matches();
  }

  /** Whether a goal with this id exists. */
  public boolean goalExists(String goalId) {
    return goals.find(goalId).isPresent();
  }

  /** The owner of a goal (null: unknown or none). */
  String goalOwner(String goalId) {
    if (!GOAL_ID.matcher(goalId).matches()) {
      return free.owner(goalId);
    }
    String owner = owners.get(goalId);
    if (owner == null) {
      owner = goals.find(goalId).map(GoalEntity::getOwner).orElse(null);
      if (owner != null) {
        owners.put(goalId, owner);
      }
    }
    return owner == null || owner.isEmpty() ? null : owner;
  }

  /**
   * Free-form channel claims: each channel's owner, and per owner its channels in order of use, at
   * most {@code maxPerPrincipal}; a claim beyond that forgets the owner's least recently used.
   */
  static final class FreeClaims implements FreeOwners {

    private final int maxPerPrincipal;

    // Guarded by this.
    private final Map<String, String> ownerOf = new HashMap<>();
    private final Map<String, LinkedHashMap<String, Boolean>> byOwner = new HashMap<>();

    FreeClaims(int maxPerPrincipal) {
      this.maxPerPrincipal = maxPerPrincipal;
    }

    @Override
    public synchronized String claim(String channel, String principal) {
      String owner = ownerOf.putIfAbsent(channel, principal);
      if (owner == null) {
        owner = principal;
      }
      LinkedHashMap<String, Boolean> mine =
          byOwner.computeIfAbsent(owner, o -> new LinkedHashMap<>(16, 0.75f, true));
      mine.put(channel, Boolean.TRUE);
      if (mine.size() > maxPerPrincipal) {
        Iterator<String> oldest = mine.keySet().iterator();
        ownerOf.remove(oldest.next());
        oldest.remove();
      }
      return owner;
    }

    @Override
    public synchronized String owner(String channel) {
      return ownerOf.get(channel);
    }
  }
}
