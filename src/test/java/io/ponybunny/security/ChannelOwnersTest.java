package io.ponybunny.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ponybunny.agent.Budget;
import io.ponybunny.agent.persistence.GoalEntity;
import io.ponybunny.agent.persistence.GoalStore;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ChannelOwnersTest {

  private static final String GOAL = "g_0123456789abcdef0123456789abcdef";
  private static final String OLD_GOAL = "g_fedcba9876543210fedcba9876543210";

  /** Goals in memory, counting the look-ups. */
  private static final class Goals extends GoalStore {
    final Map<String, GoalEntity> byId = new HashMap<>();
    int lookups;

    @Override
    public Optional<GoalEntity> find(String id) {
      lookups++;
      return Optional.ofNullable(byId.get(id));
    }
  }

  private static Identity who(String name, Role role) {
    return new Identity(name, role, Identity.Via.KEY, "k-" + name, null, null);
  }

  private final Goals goals = new Goals();
  private final ChannelOwners owners = new ChannelOwners();

  ChannelOwnersTest() {
    owners.goals = goals;
    goals.byId.put(GOAL, goal(GOAL, "alice"));
    goals.byId.put(OLD_GOAL, goal(OLD_GOAL, null));
  }

  private static GoalEntity goal(String id, String owner) {
    return new GoalEntity(id, "t", "d", null, null, null, Budget.DEFAULT, null, 1L, owner);
  }

  @Test
  void aFreeFormChannelBelongsToItsFirstUserWithoutADatabaseLookUp() {
    Identity alice = who("alice", Role.OPERATOR);
    Identity bob = who("bob", Role.OPERATOR);
    assertTrue(owners.mayUse(alice, "my-channel"));
    assertFalse(owners.mayUse(bob, "my-channel"), "claimed by alice");
    assertTrue(owners.mayUse(who("root", Role.ADMIN), "my-channel"), "admins use any channel");
    assertTrue(owners.mayUse(bob, "bobs-channel"));
    assertEquals(0, goals.lookups, "ids that are no goal's form are not looked up");
  }

  @Test
  void aGoalsChannelBelongsToItsCreatorAndAnOwnerlessGoalToAdminsOnly() {
    assertFalse(owners.mayUse(who("bob", Role.OPERATOR), GOAL));
    assertTrue(owners.mayUse(who("alice", Role.VIEWER), GOAL));
    assertFalse(owners.mayUse(who("alice", Role.OPERATOR), OLD_GOAL));
    assertTrue(owners.mayUse(who("root", Role.ADMIN), OLD_GOAL));
    assertEquals(2, goals.lookups, "each goal is looked up once, then remembered");
    assertEquals("alice", owners.goalOwner(GOAL));
    owners.goalCreated("g_11111111111111111111111111111111", "carol");
    assertEquals("carol", owners.goalOwner("g_11111111111111111111111111111111"));
  }

  @Test
  void anotherPrincipalsFloodOfFreeFormChannelsNeverFreesAClaim() {
    Identity alice = who("alice", Role.OPERATOR);
    Identity bob = who("bob", Role.OPERATOR);
    assertTrue(owners.mayUse(alice, "alices-channel"));
    for (int i = 0; i < ChannelOwners.MAX_FREE_PER_PRINCIPAL + 10; i++) {
      assertTrue(owners.mayUse(bob, "bob-" + i));
    }
    for (int i = 0; i < ChannelOwners.MAX_ENTRIES / ChannelOwners.MAX_FREE_PER_PRINCIPAL + 1; i++) {
      Identity other = who("flooder-" + i, Role.OPERATOR);
      for (int j = 0; j < ChannelOwners.MAX_FREE_PER_PRINCIPAL; j++) {
        owners.mayUse(other, "f-" + i + "-" + j);
      }
    }
    assertFalse(owners.mayUse(bob, "alices-channel"), "still alice's");
    assertTrue(owners.mayUse(alice, "alices-channel"));
    assertEquals("alice", owners.goalOwner("alices-channel"));
  }

  @Test
  void aPrincipalsOwnFloodForgetsOnlyItsLeastRecentlyUsedClaims() {
    Identity alice = who("alice", Role.OPERATOR);
    assertTrue(owners.mayUse(alice, "oldest"));
    assertTrue(owners.mayUse(alice, "kept"));
    for (int i = 0; i < ChannelOwners.MAX_FREE_PER_PRINCIPAL - 2; i++) {
      assertTrue(owners.mayUse(alice, "a-" + i));
    }
    assertTrue(owners.mayUse(alice, "kept"), "used again: now the most recent");
    assertTrue(owners.mayUse(alice, "one-more"));
    assertNull(owners.goalOwner("oldest"), "alice's least recently used claim is forgotten");
    assertEquals("alice", owners.goalOwner("kept"));
    assertTrue(owners.mayUse(who("bob", Role.OPERATOR), "oldest"), "free again");
  }
}
