package io.ponybunny.quota;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.Objects;

/** Tokens one quota subject used on one UTC day ({@code pb_usage}). */
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

  protected UsageEntity() {}

  public UsageEntity(String subject, int usageDay, long tokens) {
    this.subject = subject;
    this.usageDay = usageDay;
    this.tokens = tokens;
  }

  public long getTokens() {
    return tokens;
  }

  public void add(long more) {
    tokens += more;
  }
}
