package io.ponybunny.security.session;

import io.ponybunny.security.Role;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A console session: the SHA-256 of the cookie's random value, who signed in, with which role, and
 * its anti-CSRF token. Kept in the database so that it survives a restart and can be revoked.
 */
@Entity
@Table(name = "pb_session")
public class SessionEntity {

  @Id
  @Column(name = "id_hash", length = 64)
  private String idHash;

  private String username;
  private String role;
  private String via;

  @Column(name = "csrf_token")
  private String csrfToken;

  @Column(name = "created_at")
  private long createdAt;

  @Column(name = "expires_at")
  private long expiresAt;

  @Column(name = "revoked_at")
  private Long revokedAt;

  protected SessionEntity() {}

  public SessionEntity(
      String idHash,
      String username,
      Role role,
      String via,
      String csrfToken,
      long createdAt,
      long expiresAt) {
    this.idHash = idHash;
    this.username = username;
    this.role = role.wireName();
    this.via = via;
    this.csrfToken = csrfToken;
    this.createdAt = createdAt;
    this.expiresAt = expiresAt;
  }

  public String getIdHash() {
    return idHash;
  }

  public String getUsername() {
    return username;
  }

  public Role role() {
    return Role.parse(role);
  }

  /** How the session was opened: {@code password}, {@code first-start} or {@code oidc}. */
  public String getVia() {
    return via;
  }

  public String getCsrfToken() {
    return csrfToken;
  }

  public long getCreatedAt() {
    return createdAt;
  }

  public long getExpiresAt() {
    return expiresAt;
  }

  public Long getRevokedAt() {
    return revokedAt;
  }

  public void setRevokedAt(long at) {
    this.revokedAt = at;
  }

  public boolean usable(long now) {
    return revokedAt == null && now < expiresAt;
  }
}
