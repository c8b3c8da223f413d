package io.wxbridge.videorecall.control;

import io.wxbridge.text.entity.Digest;
import io.wxbridge.videorecall.entity.UdeskSignature;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.UUID;

/**
 * Signs requests to Udesk's video API as its video-recall document says (docs/protocol.md §9):
 * token = sha256(appId + "&amp;" + secret + "&amp;" + nonce + "&amp;" + timestamp), lowercase hex,
 * with a fresh UUID nonce and the time in seconds for every request, so Udesk can refuse a replayed
 * (same nonce) or stale (old timestamp) request. The secret goes into the hash only, never on the
 * wire.
 */
@ApplicationScoped
public class UdeskRequestSigner {
  private final Clock clock;

  public UdeskRequestSigner() {
    this(Clock.systemUTC());
  }

  /** For tests: a fixed clock. */
  public UdeskRequestSigner(Clock clock) {
    this.clock = clock;
  }

  /** A new signature: fresh nonce, current time. */
  public UdeskSignature sign(String appId, String secret) {
    String nonce = UUID.randomUUID().toString();
    long timestamp = clock.instant().getEpochSecond();
    return new UdeskSignature(appId, nonce, timestamp, token(appId, secret, nonce, timestamp));
  }

  /** sha256_hex(appId&amp;secret&amp;nonce&amp;timestamp), UTF-8. */
  public String token(String appId, String secret, String nonce, long timestamp) {
    return Digest.SHA_256.hex(appId + "&" + secret + "&" + nonce + "&" + timestamp);
  }
}
