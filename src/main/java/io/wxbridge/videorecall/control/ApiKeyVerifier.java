package io.wxbridge.videorecall.control;

import io.wxbridge.text.entity.Digest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.MessageDigest;
import java.util.List;

/**
 * Checks the "Authorization: Bearer &lt;bridge.video.api-key&gt;" of a video-recall call. Both keys
 * are hashed before the constant-time comparison, so neither their content nor their length leaks
 * through timing. Without a configured key the endpoint is closed, never open, also to callers
 * signed the seed's way ({@link SignedCaller}): the key is what opens it.
 */
@ApplicationScoped
public class ApiKeyVerifier {
  private static final String BEARER = "bearer ";

  @Inject VideoRecallSettings settings;

  /**
   * @throws VideoRecallException 503 when no key is configured: the endpoint is closed
   */
  public void requireOpen() {
    if (settings.apiKey().isEmpty()) {
      throw VideoRecallException.closed();
    }
  }

  /**
   * @param authorization every Authorization header of the request (one is expected)
   * @throws VideoRecallException 401 for a missing or wrong key (or two headers), 503 when no key
   *     is configured
   */
  public void verify(List<String> authorization) {
    requireOpen();
    if (authorization == null || authorization.isEmpty() || authorization.get(0).isBlank()) {
      throw VideoRecallException.keyMissing();
    }
    if (authorization.size() > 1) {
      throw VideoRecallException.notBearer(); // which one counts would be a guess
    }
    String given = authorization.get(0).strip();
    if (!given.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      throw VideoRecallException.notBearer();
    }
    if (!MessageDigest.isEqual(
        Digest.SHA_256.of(given.substring(BEARER.length()).strip()),
        Digest.SHA_256.of(settings.apiKey().get()))) {
      throw VideoRecallException.wrongKey();
    }
  }
}
