package io.ponybunny.quota;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.math.BigDecimal;
import java.util.Objects;

/** Tokens one quota subject used on one UTC day and their cost ({@code pb_usage}). */
@Entity
@Table(name = "pb_usage")
@IdClass(UsageEntity.Key.class)
public class UsageEntity {

  /** The primary key: subject and epoch day. */
  public static class Key implements Serializable {
    private String subject;
    private int usageDay;

    public Key() {}

    public Key(String subject, int usageDay) {
      this.subject = subject;
      this.usageDay = usageDay;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && k.usageDay == usageDay && Objects.equals(k.subject, subject);
    }

    @Override
    public int hashCode() {
      return Objects.hash(subject, usageDay);
    }
  }

  @Id
  @Column(length = 300)
  private String subject;

  @Id
  @Column(name = "usage_day")
  private int usageDay;

  private long tokens;

  /** In USD, of the calls whose model has a price (V7 migration). */
  @Column(name = "cost_usd", precision = 19, scale = 9)
  private BigDecimal costUsd;

  protected UsageEntity() {}

  public UsageEntity(String subject, int usageDay, long tokens, BigDecimal costUsd) {
    this.subject = subject;
    this.usageDay = usageDay;
    this.tokens = tokens;
    this.costUsd = costUsd;
  }

  public String getSubject() {
    return subject;
  }

  /** The UTC day, as an epoch day. */
  public int getUsageDay() {
    return usageDay;
  }

  public long getTokens() {
    return tokens;
  }

  /** The cost in USD (0 for days recorded before costs were). */
  public BigDecimal getCostUsd() {
    return costUsd == null ? BigDecimal.ZERO : costUsd;
  }
}
