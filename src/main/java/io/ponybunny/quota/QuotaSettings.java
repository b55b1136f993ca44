package io.ponybunny.quota;

import static java.math.BigDecimal.ZERO;

import io.ponybunny.cost.Usd;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The quotas of MicroProfile Config ({@code ponybunny.quota.*}, README "Limits"). */
@ApplicationScoped
public class QuotaSettings {

  @Inject
  @ConfigProperty(name = "ponybunny.quota.requests-per-minute", defaultValue = "600")
  long requestsPerMinute;

  @Inject
  @ConfigProperty(name = "ponybunny.quota.concurrent-streams", defaultValue = "20")
  long concurrentStreams;

  @Inject
  @ConfigProperty(name = "ponybunny.quota.tokens-per-day", defaultValue = "2000000")
  long tokensPerDay;

  /** USD per UTC day, a decimal (0: unlimited). */
  @Inject
  @ConfigProperty(name = "ponybunny.quota.usd-per-day", defaultValue = "0")
  BigDecimal usdPerDay;

  @Inject
  @ConfigProperty(name = "ponybunny.limits.max-upstream-streams", defaultValue = "512")
  long maxUpstreamStreams;

  /** Every principal's quota (a key's own limits only narrow it). */
  public Quota principal() {
    return new Quota(
        requestsPerMinute, concurrentStreams, tokensPerDay, Usd.toNanos(usdPerDay.max(ZERO)));
  }

  /** The server's cap: concurrent upstream streams. */
  public Quota global() {
    return new Quota(0, maxUpstreamStreams, 0);
  }
}
