package io.wxbridge.videorecall.control;

import io.wxbridge.videorecall.entity.UdeskVideoHeaders;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The other reading of seed 002's QR-code table (发起方 第三方 → 接收方 模拟中间件): a third party calls the
 * bridge, signed as the seed says, with appId, nonce, timestap (or timestamp) and token (headers or
 * query parameters) where token = sha256(appId&amp;secret&amp;nonce&amp;timestap), appId and secret
 * being the company's Udesk bridge.video.udesk-app-id and bridge.video.udesk-secret. Verified in
 * constant time; the timestamp must be within bridge.video.signature-window seconds of now (default
 * 300) and each request (its timestamp and nonce) is accepted once, by any instance ({@link
 * AcceptedRequests}); only correctly signed requests are remembered, so a stranger cannot fill that
 * memory.
 */
@ApplicationScoped
public class SignedCaller {
  private static final String SEED_SPELLING = "timestap";
  private static final String CORRECT_SPELLING = "timestamp";

  @Inject UdeskVideoSettings settings;
  @Inject UdeskRequestSigner signer;
  @Inject AcceptedRequests acceptedRequests;
  @Inject VideoRecallSettings recallSettings;

  private Clock clock = Clock.systemUTC();

  /** For tests. */
  void use(Clock clock) {
    this.clock = clock;
  }

  /**
   * Whether the request carries the seed's token at all (then it must be valid).
   *
   * @param values looks a signature value up by name, every time it was given ({@link
   *     SignatureValues})
   */
  public boolean presents(Function<String, List<String>> values) {
    List<String> token = values.apply(settings.tokenHeader());
    return token != null && !token.isEmpty();
  }

  /**
   * @param values looks a signature value up by name, every time it was given ({@link
   *     SignatureValues})
   * @throws VideoRecallException 401 for a wrong, stale or replayed signature, or a signature value
   *     given twice; 503 when the Udesk appId/secret are not configured (then no signature can be
   *     right)
   */
  public void verify(Function<String, List<String>> values) {
    if (!settings.complete()) {
      throw VideoRecallException.signatureNotConfigured();
    }
    UdeskVideoHeaders names = settings.headers();
    String appId = once(values, names.appId());
    String nonce = once(values, names.nonce());
    String timestamp = onceUnderEitherSpelling(values, names.timestamp());
    String token = once(values, names.token());
    long windowSeconds = recallSettings.signatureWindowSeconds();
    if (appId == null || nonce == null || nonce.isBlank() || timestamp == null || token == null) {
      throw VideoRecallException.signatureIncomplete(names);
    }
    long seconds;
    try {
      seconds = Long.parseLong(timestamp.strip());
    } catch (NumberFormatException notANumber) {
      throw VideoRecallException.staleSignature(windowSeconds);
    }
    String expected = signer.token(settings.appId(), settings.secret(), nonce, seconds);
    boolean sameApp = MessageDigest.isEqual(bytes(appId.strip()), bytes(settings.appId()));
    boolean sameToken =
        MessageDigest.isEqual(
            bytes(token.strip().toLowerCase(java.util.Locale.ROOT)), bytes(expected));
    // the token covers the timestamp as sent: "0123" and "123" must not both pass
    if (!sameApp || !sameToken || !Long.toString(seconds).equals(timestamp.strip())) {
      throw VideoRecallException.wrongSignature();
    }
    long now = clock.instant().getEpochSecond();
    if (Math.abs(now - seconds) > windowSeconds) {
      throw VideoRecallException.staleSignature(windowSeconds);
    }
    if (!acceptedRequests.accept(seconds, nonce, now, windowSeconds)) {
      throw VideoRecallException.reusedNonce();
    }
  }

  /** A value given once, or null; one given twice is refused rather than joined. */
  private static String once(Function<String, List<String>> lookup, String name) {
    List<String> values = lookup.apply(name);
    if (values == null || values.isEmpty()) {
      return null;
    }
    if (values.size() > 1) {
      throw VideoRecallException.signatureHeaderTwice(name);
    }
    return values.get(0);
  }

  /**
   * The timestamp under its configured name, or under the other spelling of the seed's word
   * (timestap, timestamp): a caller who corrects the seed's typo is read as well. Given under both,
   * it is given twice.
   */
  private static String onceUnderEitherSpelling(
      Function<String, List<String>> lookup, String name) {
    String value = once(lookup, name);
    String otherValue = otherSpelling(name).map(other -> once(lookup, other)).orElse(null);
    if (value != null && otherValue != null) {
      throw VideoRecallException.signatureHeaderTwice(name);
    }
    return value != null ? value : otherValue;
  }

  private static Optional<String> otherSpelling(String name) {
    if (name.equalsIgnoreCase(SEED_SPELLING)) {
      return Optional.of(CORRECT_SPELLING);
    }
    return name.equalsIgnoreCase(CORRECT_SPELLING) ? Optional.of(SEED_SPELLING) : Optional.empty();
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
