/**
 * Single sign-on with any OpenID Connect provider (Keycloak, Entra ID, Okta, Google): the
 * authorization-code flow with PKCE, ID tokens verified against the provider's JWKS, roles mapped
 * from a configurable claim; a successful sign-in opens a console session. Sign-ins in progress are
 * kept in the database, so the provider's callback may reach any instance of a cluster.
 */
package io.ponybunny.security.oidc;
