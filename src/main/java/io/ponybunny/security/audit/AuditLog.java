package io.ponybunny.security.audit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.UUID;

/**
 * The audit log: sign-ins and their failures, API keys created and revoked, accounts changed, goals
 * created and cancelled. Entries name the principal, the action, its target and the caller's
 * address; never a secret.
 */
@ApplicationScoped
@Transactional
public class AuditLog {

  /** The recorded actions. */
  public static final String LOGIN = "login";

  public static final String LOGIN_FAILED = "login.failed";
  public static final String LOGIN_THROTTLED = "login.throttled";
  public static final String LOGOUT = "logout";
  public static final String FIRST_START = "login.first-start";
  public static final String PASSWORD_CHANGED = "account.password";
  public static final String ACCOUNT_CREATED = "account.created";
  public static final String ACCOUNT_UPDATED = "account.updated";
  public static final String ACCOUNT_DELETED = "account.deleted";
  public static final String KEY_CREATED = "key.created";
  public static final String KEY_REVOKED = "key.revoked";
  public static final String GOAL_CREATED = "goal.created";
  public static final String GOAL_CANCELLED = "goal.cancelled";
  public static final String COMPLETION_CANCELLED = "completion.cancelled";

  /** A page of entries and the total count. */
  public record Page(List<AuditEntity> items, long total) {}

  @PersistenceContext(unitName = "ponybunny")
  EntityManager em;

  /** Records one entry; {@code outcome} is {@code ok}, {@code denied} or {@code failed}. */
  public void record(
      String principal, String action, String target, String address, String outcome) {
    em.persist(
        new AuditEntity(
            UUID.randomUUID().toString(),
            System.currentTimeMillis(),
            clip(principal, 200),
            action,
            clip(target, 300),
            clip(address, 100),
            outcome));
  }

  /** Newest first, optionally by action and principal (null = any). */
  public Page list(String action, String principal, int page, int size) {
    StringBuilder where = new StringBuilder(" WHERE 1 = 1");
    if (action != null) {
      where.append(" AND a.action = :action");
    }
    if (principal != null) {
      where.append(" AND a.principal = :principal");
    }
    var items =
        em.createQuery(
            "SELECT a FROM AuditEntity a" + where + " ORDER BY a.occurredAt DESC, a.id",
            AuditEntity.class);
    var count = em.createQuery("SELECT COUNT(a) FROM AuditEntity a" + where, Long.class);
    for (var q : List.of(items, count)) {
      if (action != null) {
        q.setParameter("action", action);
      }
      if (principal != null) {
        q.setParameter("principal", principal);
      }
    }
    items.setFirstResult(page * size).setMaxResults(size);
    return new Page(items.getResultList(), count.getSingleResult());
  }

  /** Deletes the entries older than {@code cutoffMillis}; returns how many. */
  public int purgeBefore(long cutoffMillis) {
    return em.createQuery("DELETE FROM AuditEntity a WHERE a.occurredAt < :cutoff")
        .setParameter("cutoff", cutoffMillis)
        .executeUpdate();
  }

  private static String clip(String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max);
  }
}
