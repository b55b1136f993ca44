package io.ponybunny.security.session;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Optional;

/** Console sessions in the database. */
@ApplicationScoped
@Transactional
public class SessionStore {

  @PersistenceContext(unitName = "ponybunny")
  EntityManager em;

  public void insert(SessionEntity session) {
    em.persist(session);
  }

  public Optional<SessionEntity> find(String idHash) {
    return Optional.ofNullable(em.find(SessionEntity.class, idHash));
  }

  public boolean revoke(String idHash, long now) {
    SessionEntity s = em.find(SessionEntity.class, idHash);
    if (s == null || s.getRevokedAt() != null) {
      return false;
    }
    s.setRevokedAt(now);
    return true;
  }

  /** Revokes every open session of {@code username}; returns their hashes. */
  public List<String> revokeAllOf(String username, long now) {
    List<SessionEntity> open =
        em.createQuery(
                "SELECT s FROM SessionEntity s WHERE s.username = :u AND s.revokedAt IS NULL",
                SessionEntity.class)
            .setParameter("u", username)
            .getResultList();
    open.forEach(s -> s.setRevokedAt(now));
    return open.stream().map(SessionEntity::getIdHash).toList();
  }

  /** Deletes sessions that ended before {@code before}; returns how many. */
  public int purge(long before) {
    return em.createQuery("DELETE FROM SessionEntity s WHERE s.expiresAt < :t OR s.revokedAt < :t")
        .setParameter("t", before)
        .executeUpdate();
  }
}
