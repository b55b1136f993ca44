package io.ponybunny.security.oidc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ponybunny.security.Role;
import io.ponybunny.testing.MapConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OidcSettingsTest {

  @Test
  void rolesComeFromTheClaimByNameOrByMappingAndTheHighestWins() {
    OidcSettings s =
        OidcSettings.fromConfig(
            new MapConfig(
                Map.of(
                    "ponybunny.oidc.issuer", "https://idp.example/realms/x",
                    "ponybunny.oidc.client-id", "ponybunny",
                    "ponybunny.oidc.role-mapping",
                        "ponybunny-admins=admin; cn=ops,ou=groups=operator")),
            "http://localhost:9080/");
    assertTrue(s.enabled());
    assertEquals("http://localhost:9080/api/auth/oidc/callback", s.redirectUri());
    assertEquals(Role.ADMIN, s.roleOf(List.of("staff", "ponybunny-admins")));
    assertEquals(Role.OPERATOR, s.roleOf(List.of("cn=ops,ou=groups")));
    assertEquals(Role.VIEWER, s.roleOf(List.of("viewer")));
    assertNull(s.roleOf(List.of("staff")));
    assertFalse(s.toString().contains("secret"));
  }

  @Test
  void aBadMappingIsAConfigurationError() {
    assertThrows(IllegalArgumentException.class, () -> OidcSettings.mapping("a=root"));
    assertThrows(IllegalArgumentException.class, () -> OidcSettings.mapping("justagroup"));
    assertFalse(
        OidcSettings.fromConfig(new MapConfig(Map.of()), "http://x").enabled(),
        "off without an issuer");
  }

  @Test
  void onlyLocalPathsAreReturnedTo() {
    assertEquals("/goals/g1", OidcClient.safeNext("/goals/g1"));
    assertEquals("/", OidcClient.safeNext("//evil.example/x"));
    assertEquals("/", OidcClient.safeNext("https://evil.example"));
    assertEquals("/", OidcClient.safeNext("/\\evil.example"));
    assertEquals("/", OidcClient.safeNext(null));
  }
}
