package io.ponybunny.security.audit;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One audit entry: who did what to what, from where, and whether it succeeded. */
@Entity
@Table(name = "pb_audit")
public class AuditEntity {

  @Id
  @Column(length = 64)
  private String id;

  @Column(name = "occurred_at")
  private long occurredAt;

  private String principal;
  private String action;
  private String target;
  private String address;
  private String outcome;

  protected AuditEntity() {}

  public AuditEntity(
      String id,
      long occurredAt,
      String principal,
      String action,
      String target,
      String address,
      String outcome) {
    this.id = id;
    this.occurredAt = occurredAt;
    this.principal = principal;
    this.action = action;
    this.target = target;
    this.address = address;
    this.outcome = outcome;
  }

  public String getId() {
    return id;
  }

  public long getOccurredAt() {
    return occurredAt;
  }

  public String getPrincipal() {
    return principal;
  }

  public String getAction() {
    return action;
  }

  public String getTarget() {
    return target;
  }

  public String getAddress() {
    return address;
  }

  public String getOutcome() {
    return outcome;
  }
}
