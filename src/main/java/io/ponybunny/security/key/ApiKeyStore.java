package io.ponybunny.security.key;

import io.ponybunny.security.Role;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Optional;

/** API keys in the database. */
@ApplicationScoped
@Transactional
public class ApiKeyStore {

  @PersistenceContext(unitName = "ponybunny")
  EntityManager em;

  public void insert(ApiKeyEntity key) {
    em.persist(key);
  }

  public Optional<ApiKeyEntity> find(String id) {
    return Optional.ofNullable(em.find(ApiKeyEntity.class, id));
  }

  public Optional<ApiKeyEntity> findBySecretHash(String hash) {
    return em.createQuery(
            "SELECT k FROM ApiKeyEntity k WHERE k.secretHash = :h", ApiKeyEntity.class)
        .setParameter("h", hash)
        .getResultStream()
        .findFirst();
  }

  /** Keys of {@code owner} (null: everyone's), newest first. */
  public List<ApiKeyEntity> list(String owner) {
    String where = owner == null ? "" : " WHERE k.owner = :o";
    var q =
        em.createQuery(
                "SELECT k FROM ApiKeyEntity k" + where + " ORDER BY k.createdAt DESC, k.id",
                ApiKeyEntity.class)
            .setMaxResults(1000);
    if (owner != null) {
      q.setParameter("o", owner);
    }
    return q.getResultList();
  }

  /** Marks the key revoked at {@code now}; false when unknown or already revoked. */
  public boolean revoke(String id, long now) {
    ApiKeyEntity k = em.find(ApiKeyEntity.class, id);
    if (k == null || k.getRevokedAt() != null) {
      return false;
    }
    k.setRevokedAt(now);
    return true;
  }

  /** The keys of {@code owner} not revoked (expired ones included). */
  public List<ApiKeyEntity> openKeysOf(String owner) {
    return em.createQuery(
            "SELECT k FROM ApiKeyEntity k WHERE k.owner = :o AND k.revokedAt IS NULL",
            ApiKeyEntity.class)
        .setParameter("o", owner)
        .getResultList();
  }

  /** Revokes every key owned by {@code owner}; returns their ids. */
  public List<String> revokeAllOf(String owner, long now) {
    return revoke(openKeysOf(owner), now);
  }

  /** Revokes every key of {@code owner} whose role is above {@code role}; returns their ids. */
  public List<String> revokeAbove(String owner, Role role, long now) {
    return revoke(openKeysOf(owner).stream().filter(k -> !role.includes(k.role())).toList(), now);
  }

  private static List<String> revoke(List<ApiKeyEntity> keys, long now) {
    keys.forEach(k -> k.setRevokedAt(now));
    return keys.stream().map(ApiKeyEntity::getId).toList();
  }

  public void touch(String id, long now) {
    ApiKeyEntity k = em.find(ApiKeyEntity.class, id);
    if (k != null) {
      k.setLastUsedAt(now);
    }
  }
}
