package io.ponybunny.quota;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
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

  @Inject
  @ConfigProperty(name = "ponybunny.limits.max-upstream-streams", defaultValue = "512")
  long maxUpstreamStreams;

  /** Every principal's quota (a key's own limits only narrow it). */
  public Quota principal() {
    return new Quota(requestsPerMinute, concurrentStreams, tokensPerDay);
  }

  /** The server's cap: concurrent upstream streams. */
  public Quota global() {
    return new Quota(0, maxUpstreamStreams, 0);
  }
}
