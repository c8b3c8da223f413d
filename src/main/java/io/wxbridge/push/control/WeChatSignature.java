package io.wxbridge.push.control;

import io.wxbridge.text.entity.Digest;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;

/**
 * WeChat's request signatures (docs/protocol.md §1 and §2): SHA-1 in lowercase hex over the values
 * sorted and concatenated. {@code signature} covers Token, timestamp and nonce; {@code
 * msg_signature} also covers the Encrypt element. Signatures are compared in constant time, so how
 * long a refusal takes tells a forger nothing about how close the guess was.
 */
@ApplicationScoped
public class WeChatSignature {

  public String sign(String... values) {
    String[] sorted = values.clone();
    Arrays.sort(sorted);
    MessageDigest sha1 = Digest.SHA_1.start();
    for (String value : sorted) {
      sha1.update(value.getBytes(StandardCharsets.UTF_8));
    }
    return HexFormat.of().formatHex(sha1.digest());
  }

  /** False when {@code given} or any value is missing, or when the signature is not theirs. */
  public boolean matches(String given, String... values) {
    if (given == null || Arrays.stream(values).anyMatch(Objects::isNull)) {
      return false;
    }
    byte[] expected = sign(values).getBytes(StandardCharsets.US_ASCII);
    byte[] offered = given.trim().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8);
    return MessageDigest.isEqual(expected, offered);
  }
}
