package io.ponybunny.security;

import io.ponybunny.agent.persistence.GoalEntity;
import io.ponybunny.agent.persistence.GoalStore;
import io.ponybunny.broadcast.BroadcastManager;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Who owns each goal channel ({@code /ws/goals/{goalId}}): a goal's creator, or, for a free-form
 * channel id that names no goal, the first principal that used it (a completion's {@code goalId} or
 * a subscription). Non-admins may use only their own channels, so nobody reads another's goal or
 * injects a stream into it. Remembers the most recent {@value #MAX_ENTRIES} channels; goals are
 * looked up in the database when forgotten.
 */
@ApplicationScoped
public class ChannelOwners {

  /** Channels remembered (least recently used ones are forgotten). */
  static final int MAX_ENTRIES = 100_000;

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

  @Inject GoalStore goals;
  @Inject BroadcastManager broadcast;

  void wire(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
    broadcast.goalOwners(this::goalOwner);
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
    String owner = owners.get(goalId);
    if (owner == null) {
      // Only an id of the goals' form can name a goal: others are claimed without a query.
      Optional<GoalEntity> goal =
          GOAL_ID.matcher(goalId).matches() ? goals.find(goalId) : Optional.empty();
      String found = goal.map(g -> g.getOwner() == null ? NOBODY : g.getOwner()).orElse(null);
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
    String owner = owners.get(goalId);
    if (owner == null) {
      owner = goals.find(goalId).map(GoalEntity::getOwner).orElse(null);
      if (owner != null) {
        owners.put(goalId, owner);
      }
    }
    return owner == null || owner.isEmpty() ? null : owner;
  }
}
