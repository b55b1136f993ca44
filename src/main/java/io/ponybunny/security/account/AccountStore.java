package io.ponybunny.security.account;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** Local accounts in the database. */
@ApplicationScoped
@Transactional
public class AccountStore {

  @PersistenceContext(unitName = "ponybunny")
  EntityManager em;

  public Optional<AccountEntity> find(String username) {
    return Optional.ofNullable(em.find(AccountEntity.class, username));
  }

  /** Stores a new account; false when the name is taken. */
  public boolean create(AccountEntity account) {
    if (em.find(AccountEntity.class, account.getUsername()) != null) {
      return false;
    }
    em.persist(account);
    return true;
  }

  /** Applies {@code change}; false when there is no such account. */
  public boolean update(String username, Consumer<AccountEntity> change) {
    AccountEntity a = em.find(AccountEntity.class, username);
    if (a == null) {
      return false;
    }
    change.accept(a);
    return true;
  }

  public boolean delete(String username) {
    AccountEntity a = em.find(AccountEntity.class, username);
    if (a == null) {
      return false;
    }
    em.remove(a);
    return true;
  }

  public List<AccountEntity> list() {
    return em.createQuery("SELECT a FROM AccountEntity a ORDER BY a.username", AccountEntity.class)
        .setMaxResults(1000)
        .getResultList();
  }
}
