package io.ponybunny.security;

import io.ponybunny.security.jwt.JwtSettings;
import io.ponybunny.security.jwt.JwtVerifier;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The MicroProfile JWT verifier, configured by the standard MP-JWT settings ({@code
 * mp.jwt.verify.publickey} or {@code .location}, {@code mp.jwt.verify.issuer}, ...); absent when
 * neither key setting is set.
 */
@ApplicationScoped
public class JwtTokens {

  private static final Logger LOG = Logger.getLogger(JwtTokens.class.getName());

  private JwtVerifier verifier;

  @PostConstruct
  void init() {
    JwtSettings settings = JwtSettings.fromConfig(ConfigProvider.getConfig());
    if (settings.configured()) {
      verifier =
          new JwtVerifier(settings, java.time.Clock.systemUTC(), JwtVerifier.KeyLoader.standard());
      LOG.info(
          "MicroProfile JWT bearer tokens are accepted"
              + (settings.issuer() == null ? "" : " from issuer " + settings.issuer()));
    }
  }

  public Optional<JwtVerifier> verifier() {
    return Optional.ofNullable(verifier);
  }
}
