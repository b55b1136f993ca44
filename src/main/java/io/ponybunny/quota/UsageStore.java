package io.ponybunny.quota;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

/** Tokens per quota subject and UTC day in {@code pb_usage}. */
@ApplicationScoped
@Transactional
public class UsageStore implements Ledger.Store {

  @PersistenceContext(unitName = "ponybunny")
  EntityManager em;

  @Override
  public long tokens(String subject, long epochDay) {
    UsageEntity u = em.find(UsageEntity.class, new UsageEntity.Key(subject, (int) epochDay));
    return u == null ? 0 : u.getTokens();
  }

  @Override
  public void add(String subject, long epochDay, long tokens) {
    int updated =
        em.createQuery(
                "UPDATE UsageEntity u SET u.tokens = u.tokens + :n"
                    + " WHERE u.subject = :s AND u.usageDay = :d")
            .setParameter("n", tokens)
            .setParameter("s", subject)
            .setParameter("d", (int) epochDay)
            .executeUpdate();
    if (updated == 0) {
      em.persist(new UsageEntity(subject, (int) epochDay, tokens));
    }
  }
}
