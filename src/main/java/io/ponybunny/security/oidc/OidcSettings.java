package io.ponybunny.security.oidc;

import io.ponybunny.security.Role;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.config.Config;

/**
 * Single sign-on settings ({@code ponybunny.oidc.*}): the provider's issuer URL, the client's id
 * and secret, the claim that carries the roles (its values are role names, or are mapped to roles
 * by {@code role-mapping}, e.g. {@code ponybunny-admins=admin;ponybunny-ops=operator}), the claim
 * naming the principal, the scopes and the redirect URI registered at the provider.
 */
public record OidcSettings(
    String issuer,
    String clientId,
    String clientSecret,
    String rolesClaim,
    Map<String, Role> roleMapping,
    String principalClaim,
    String scopes,
    String redirectUri) {

  /** Reads {@code ponybunny.oidc.*}; the redirect URI defaults under {@code publicUrl}. */
  public static OidcSettings fromConfig(Config config, String publicUrl) {
    return new OidcSettings(
        config.getOptionalValue("ponybunny.oidc.issuer", String.class).orElse(null),
        config.getOptionalValue("ponybunny.oidc.client-id", String.class).orElse(null),
        config.getOptionalValue("ponybunny.oidc.client-secret", String.class).orElse(null),
        config.getOptionalValue("ponybunny.oidc.roles-claim", String.class).orElse("groups"),
        mapping(config.getOptionalValue("ponybunny.oidc.role-mapping", String.class).orElse("")),
        config
            .getOptionalValue("ponybunny.oidc.principal-claim", String.class)
            .orElse("preferred_username"),
        config
            .getOptionalValue("ponybunny.oidc.scopes", String.class)
            .orElse("openid profile email"),
        config
            .getOptionalValue("ponybunny.oidc.redirect-uri", String.class)
            .orElse(publicUrl.replaceAll("/+$", "") + "/api/auth/oidc/callback"));
  }

  /** Whether single sign-on is configured (an issuer and a client id). */
  public boolean enabled() {
    return issuer != null && !issuer.isBlank() && clientId != null && !clientId.isBlank();
  }

  /** The role of a user whose roles claim holds {@code values}: the highest one, or null. */
  public Role roleOf(Iterable<String> values) {
    Role best = null;
    for (String v : values) {
      Role r = roleMapping.containsKey(v) ? roleMapping.get(v) : Role.parse(v);
      if (r != null && (best == null || r.includes(best))) {
        best = r;
      }
    }
    return best;
  }

  /** Parses {@code group=role;group=role} (a group may hold commas, as DNs do). */
  static Map<String, Role> mapping(String text) {
    Map<String, Role> m = new LinkedHashMap<>();
    for (String pair : text.split(";")) {
      if (pair.isBlank()) {
        continue;
      }
      int eq = pair.lastIndexOf('=');
      Role role = eq < 0 ? null : Role.parse(pair.substring(eq + 1));
      if (role == null) {
        throw new IllegalArgumentException(
            "ponybunny.oidc.role-mapping: '" + pair.strip() + "' is not <group>=<role>");
      }
      m.put(pair.substring(0, eq).strip(), role);
    }
    return Map.copyOf(m);
  }

  @Override
  public String toString() {
    // Never the client secret.
    return "OidcSettings[" + issuer + ", " + clientId + "]";
  }
}
