package io.ponybunny.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RoleTest {

  @Test
  void eachRoleIncludesTheOnesBelowIt() {
    assertTrue(Role.ADMIN.includes(Role.OPERATOR));
    assertTrue(Role.OPERATOR.includes(Role.VIEWER));
    assertTrue(Role.VIEWER.includes(Role.VIEWER));
    assertFalse(Role.VIEWER.includes(Role.OPERATOR));
    assertFalse(Role.OPERATOR.includes(Role.ADMIN));
    assertEquals(Set.of("viewer", "operator"), Role.OPERATOR.groups());
    assertEquals(Set.of("viewer", "operator", "admin"), Role.ADMIN.groups());
    assertEquals(Set.of("viewer"), Role.VIEWER.groups());
  }

  @Test
  void groupsNameTheHighestRoleAndNothingElseCounts() {
    assertEquals(Role.OPERATOR, Role.highest(List.of("staff", "viewer", "Operator")));
    assertEquals(Role.ADMIN, Role.highest(List.of("admin", "viewer")));
    assertNull(Role.highest(List.of("staff", "administrators", "")));
    assertNull(Role.parse("root"));
    assertEquals(Role.VIEWER, Role.parse(" viewer "));
  }

  @Test
  void anIdentityMayAccessItsOwnOrAnAdminEverything() {
    Identity alice = new Identity("alice", Role.OPERATOR, Identity.Via.KEY, "k1", null, null);
    Identity admin = new Identity("root", Role.ADMIN, Identity.Via.SESSION, "s", null, "csrf");
    assertTrue(alice.mayAccess("alice"));
    assertFalse(alice.mayAccess("bob"));
    assertFalse(alice.mayAccess(null), "records from before ownership: admins only");
    assertTrue(admin.mayAccess("bob"));
    assertTrue(admin.mayAccess(null));
    assertFalse(admin.toString().contains("csrf"), "toString never shows the CSRF token");
  }
}
