package io.ponybunny.security.key;

import io.ponybunny.security.Role;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;

/** An API key: only the SHA-256 of its secret is kept, with a prefix to recognise it by. */
@Entity
@Table(name = "pb_api_key")
public class ApiKeyEntity {

  @Id
  @Column(length = 64)
  private String id;

  @Column(name = "secret_hash")
  private String secretHash;

  @Column(name = "key_prefix")
  private String prefix;

  private String name;
  private String owner;
  private String role;

  @Column(name = "created_by")
  private String createdBy;

  @Column(name = "created_at")
  private long createdAt;

  @Column(name = "expires_at")
  private Long expiresAt;

  @Column(name = "last_used_at")
  private Long lastUsedAt;

  @Column(name = "revoked_at")
  private Long revokedAt;

  @Column(name = "requests_per_minute")
  private Integer requestsPerMinute;

  @Column(name = "concurrent_streams")
  private Integer concurrentStreams;

  @Column(name = "tokens_per_day")
  private Long tokensPerDay;

  @Column(name = "usd_per_day", precision = 19, scale = 9)
  private BigDecimal usdPerDay;

  protected ApiKeyEntity() {}

  public ApiKeyEntity(
      String id,
      String secretHash,
      String prefix,
      String name,
      String owner,
      Role role,
      String createdBy,
      long createdAt,
      Long expiresAt) {
    this.id = id;
    this.secretHash = secretHash;
    this.prefix = prefix;
    this.name = name;
    this.owner = owner;
    this.role = role.wireName();
    this.createdBy = createdBy;
    this.createdAt = createdAt;
    this.expiresAt = expiresAt;
  }

  /** The key's own requests per minute (null: its owner's). */
  public Integer getRequestsPerMinute() {
    return requestsPerMinute;
  }

  /** The key's own concurrent streams (null: its owner's). */
  public Integer getConcurrentStreams() {
    return concurrentStreams;
  }

  /** The key's own tokens per UTC day (null: its owner's). */
  public Long getTokensPerDay() {
    return tokensPerDay;
  }

  /** The key's own spend per UTC day in USD (null: its owner's). */
  public BigDecimal getUsdPerDay() {
    return usdPerDay;
  }

  /** Sets the key's own spend per UTC day in USD (null: its owner's). */
  public void setUsdPerDay(BigDecimal usdPerDay) {
    this.usdPerDay = usdPerDay;
  }

  /** Sets the key's own limits (null: its owner's). */
  public void setLimits(Integer requestsPerMinute, Integer concurrentStreams, Long tokensPerDay) {
    this.requestsPerMinute = requestsPerMinute;
    this.concurrentStreams = concurrentStreams;
    this.tokensPerDay = tokensPerDay;
  }

  public String getId() {
    return id;
  }

  public String getSecretHash() {
    return secretHash;
  }

  public String getPrefix() {
    return prefix;
  }

  public String getName() {
    return name;
  }

  public String getOwner() {
    return owner;
  }

  public Role role() {
    return Role.parse(role);
  }

  public String getCreatedBy() {
    return createdBy;
  }

  public long getCreatedAt() {
    return createdAt;
  }

  public Long getExpiresAt() {
    return expiresAt;
  }

  public Long getLastUsedAt() {
    return lastUsedAt;
  }

  public Long getRevokedAt() {
    return revokedAt;
  }

  public void setLastUsedAt(long at) {
    this.lastUsedAt = at;
  }

  public void setRevokedAt(long at) {
    this.revokedAt = at;
  }

  /** Whether the key works at {@code now}: not revoked, not expired. */
  public boolean usable(long now) {
    return revokedAt == null && (expiresAt == null || now < expiresAt);
  }
}
