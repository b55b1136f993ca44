package io.ponybunny.security;

import java.util.Locale;
import java.util.Set;

/**
 * The roles, lowest first: a viewer reads, an operator also creates and cancels its own work, an
 * admin does everything. A role includes every role below it, so a caller is in its own role's
 * group and in each lower one.
 */
public enum Role {
  VIEWER,
  OPERATOR,
  ADMIN;

  /** The names used in {@code @RolesAllowed}, the MP-JWT {@code groups} claim and the API. */
  public static final String VIEWER_NAME = "viewer";

  public static final String OPERATOR_NAME = "operator";
  public static final String ADMIN_NAME = "admin";

  /** The wire and group name: {@code viewer}, {@code operator} or {@code admin}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether a caller in this role may do what {@code other} may. */
  public boolean includes(Role other) {
    return compareTo(other) >= 0;
  }

  /** This role's group and every lower role's (what the container is told at login). */
  public Set<String> groups() {
    return switch (this) {
      case VIEWER -> Set.of(VIEWER_NAME);
      case OPERATOR -> Set.of(VIEWER_NAME, OPERATOR_NAME);
      case ADMIN -> Set.of(VIEWER_NAME, OPERATOR_NAME, ADMIN_NAME);
    };
  }

  /** The role named {@code name} (case-insensitive), or null when it names none. */
  public static Role parse(String name) {
    if (name == null) {
      return null;
    }
    for (Role r : values()) {
      if (r.wireName().equalsIgnoreCase(name.strip())) {
        return r;
      }
    }
    return null;
  }

  /** The highest role among {@code groups}, or null when none names a role. */
  public static Role highest(Iterable<String> groups) {
    Role best = null;
    for (String g : groups) {
      Role r = parse(g);
      if (r != null && (best == null || r.includes(best))) {
        best = r;
      }
    }
    return best;
  }
}
