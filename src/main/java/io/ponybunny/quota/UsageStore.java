package io.ponybunny.quota;

import io.ponybunny.cost.Usd;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

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
