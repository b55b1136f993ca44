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

  /**
   * Makes room for a new session of {@code username}: deletes its ended sessions and revokes its
   * oldest open ones beyond {@code keep - 1}; returns the hashes it revoked.
   */
  public List<String> trim(String username, int keep, long now) {
    em.createQuery(
            "DELETE FROM SessionEntity s WHERE s.username = :u"
                + " AND (s.expiresAt <= :t OR s.revokedAt IS NOT NULL)")
        .setParameter("u", username)
        .setParameter("t", now)
        .executeUpdate();
    List<SessionEntity> open =
        em.createQuery(
                "SELECT s FROM SessionEntity s WHERE s.username = :u ORDER BY s.createdAt DESC",
                SessionEntity.class)
            .setParameter("u", username)
            .getResultList();
    List<SessionEntity> beyond =
        open.size() < keep ? List.of() : open.subList(keep - 1, open.size());
    beyond.forEach(s -> s.setRevokedAt(now));
    return beyond.stream().map(SessionEntity::getIdHash).toList();
  }
}
