package io.wxbridge.videorecall.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * Checks the "Authorization: Bearer &lt;bridge.video.api-key&gt;" of a video-recall call. Both keys
 * are hashed before the constant-time comparison, so neither their content nor their length leaks
 * through timing. Without a configured key the endpoint is closed, never open.
 */
@ApplicationScoped
public class ApiKeyVerifier {
  private static final String BEARER = "bearer ";

  @Inject VideoRecallSettings settings;

  /**
   * @throws VideoRecallException 401 for a missing or wrong key, 503 when no key is configured
   */
  public void verify(String authorization) {
    Optional<String> expected = settings.apiKey();
    if (expected.isEmpty()) {
      throw VideoRecallException.closed();
    }
    if (authorization == null || authorization.isBlank()) {
      throw VideoRecallException.keyMissing();
    }
    String given = authorization.strip();
    if (!given.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      throw VideoRecallException.notBearer();
    }
    if (!MessageDigest.isEqual(
        sha256(given.substring(BEARER.length()).strip()), sha256(expected.get()))) {
      throw VideoRecallException.wrongKey();
    }
  }

  private static byte[] sha256(String value) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException impossible) {
      throw new IllegalStateException("every Java runtime has SHA-256", impossible);
    }
  }
}
