package io.wxbridge.access.control;

import io.wxbridge.text.entity.Digest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;

/**
 * Who may read the bridge's detail (accounts, token states, configuration problems): callers inside
 * bridge.admin.allowed-ips (default: nobody) or presenting "Authorization: Bearer
 * &lt;bridge.admin.api-key&gt;" (default: no key, so nobody). The keys are hashed before the
 * constant-time comparison, so neither their content nor their length leaks through timing.
 */
@ApplicationScoped
public class AdminCallers {
  public static final String ALLOWED_IPS = "bridge.admin.allowed-ips";
  public static final String API_KEY = "bridge.admin.api-key";
  private static final String BEARER = "bearer ";

  @Inject Config config;
  @Inject CallerRestrictions restrictions;

  /**
   * @throws CallerNotAllowedException 401 unless the caller is an administrator
   */
  public void verify(String peer, List<String> forwardedFor, String authorization) {
    if (restrictions.allows(ALLOWED_IPS, peer, forwardedFor)) {
      return;
    }
    Optional<String> key =
        config.getOptionalValue(API_KEY, String.class).map(String::strip).filter(k -> !k.isEmpty());
    if (key.isEmpty() || !bearerMatches(authorization, key.get())) {
      throw CallerNotAllowedException.notAdmin();
    }
  }

  /** True when the header is "Bearer &lt;expected&gt;", compared in constant time. */
  static boolean bearerMatches(String authorization, String expected) {
    if (authorization == null) {
      return false;
    }
    String given = authorization.strip();
    if (!given.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return false;
    }
    return MessageDigest.isEqual(
        Digest.SHA_256.of(given.substring(BEARER.length()).strip()), Digest.SHA_256.of(expected));
  }
}
