package io.ponybunny.security;

/** Tokens the IT server accepts (signed with the ITs' key), for ITs in other packages. */
public final class JwtITTokens {

  private JwtITTokens() {}

  /** A valid token for {@code upn} in the operator group. */
  public static String operator(String upn) throws Exception {
    return JwtIT.token(JwtIT.itKey(), JwtIT.claims(upn, "operator"));
  }
}
