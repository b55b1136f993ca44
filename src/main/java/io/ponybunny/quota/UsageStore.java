package io.ponybunny.quota;

import io.ponybunny.cost.Usd;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.Collection;
import java.util.List;

/** Tokens and cost per quota subject and UTC day in {@code pb_usage}. */
@ApplicationScoped
@Transactional
public class UsageStore implements Ledger.Store {

  @PersistenceContext(unitName = "ponybunny")
  EntityManager em;

  @Override
  public Ledger.Spent spent(String subject, long epochDay) {
    UsageEntity u = em.find(UsageEntity.class, new UsageEntity.Key(subject, (int) epochDay));
    return u == null
        ? Ledger.Spent.NONE
        : new Ledger.Spent(u.getTokens(), Usd.toNanos(u.getCostUsd()));
  }

  /**
   * The rows of {@code subjects} from {@code fromDay} to {@code toDay} (epoch days, inclusive),
   * newest day first, then costliest; at most {@code max}.
   */
  public List<UsageEntity> days(Collection<String> subjects, long fromDay, long toDay, int max) {
    if (subjects.isEmpty()) {
      return List.of();
    }
    return em.createQuery(
            "SELECT u FROM UsageEntity u WHERE u.subject IN :s AND u.usageDay BETWEEN :f AND :t"
                + " ORDER BY u.usageDay DESC, u.costUsd DESC, u.subject",
            UsageEntity.class)
        .setParameter("s", subjects)
        .setParameter("f", (int) fromDay)
        .setParameter("t", (int) toDay)
        .setMaxResults(max)
        .getResultList();
  }

  /**
   * As {@link #days(Collection, long, long, int)}, for every subject starting with {@code prefix}
   * ({@code principal:} or {@code key:}: no wildcard characters).
   */
  public List<UsageEntity> daysOfAll(String prefix, long fromDay, long toDay, int max) {
    return em.createQuery(
            "SELECT u FROM UsageEntity u WHERE u.subject LIKE :p AND u.usageDay BETWEEN :f AND :t"
                + " ORDER BY u.usageDay DESC, u.costUsd DESC, u.subject",
            UsageEntity.class)
        .setParameter("p", prefix + "%")
        .setParameter("f", (int) fromDay)
        .setParameter("t", (int) toDay)
        .setMaxResults(max)
        .getResultList();
  }

  @Override
  public void add(String subject, long epochDay, Ledger.Spent spent) {
    int updated =
        em.createQuery(
                "UPDATE UsageEntity u SET u.tokens = u.tokens + :n, u.costUsd = u.costUsd + :c"
                    + " WHERE u.subject = :s AND u.usageDay = :d")
            .setParameter("n", spent.tokens())
            .setParameter("c", Usd.ofNanos(spent.nanoUsd()))
            .setParameter("s", subject)
            .setParameter("d", (int) epochDay)
            .executeUpdate();
    if (updated == 0) {
      em.persist(
          new UsageEntity(subject, (int) epochDay, spent.tokens(), Usd.ofNanos(spent.nanoUsd())));
    }
  }
}
