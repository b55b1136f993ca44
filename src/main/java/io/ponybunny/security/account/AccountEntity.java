package io.ponybunny.security.account;

import io.ponybunny.security.Role;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A local account: a user name, a role and an adaptive hash of its password (null: none yet). */
@Entity
@Table(name = "pb_account")
public class AccountEntity {

  @Id
  @Column(length = 200)
  private String username;

  @Column(name = "password_hash")
  private String passwordHash;

  private String role;

  @Column(name = "created_at")
  private long createdAt;

  @Column(name = "updated_at")
  private long updatedAt;

  protected AccountEntity() {}

  public AccountEntity(String username, String passwordHash, Role role, long now) {
    this.username = username;
    this.passwordHash = passwordHash;
    this.role = role.wireName();
    this.createdAt = now;
    this.updatedAt = now;
  }

  public String getUsername() {
    return username;
  }

  public String getPasswordHash() {
    return passwordHash;
  }

  public boolean hasPassword() {
    return passwordHash != null;
  }

  public Role role() {
    return Role.parse(role);
  }

  public long getCreatedAt() {
    return createdAt;
  }

  public void setPasswordHash(String passwordHash, long now) {
    this.passwordHash = passwordHash;
    this.updatedAt = now;
  }

  public void setRole(Role role, long now) {
    this.role = role.wireName();
    this.updatedAt = now;
  }
}
