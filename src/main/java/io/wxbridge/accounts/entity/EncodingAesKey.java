package io.wxbridge.accounts.entity;

import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * The 43-character EncodingAESKey from the WeChat admin, decoded to the 32-byte AES key (Base64 of
 * the key plus "="). A secret: toString never shows it.
 */
public final class EncodingAesKey {
  private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9]{43}");
  private final byte[] key;

  private EncodingAesKey(byte[] key) {
    this.key = key;
  }

  /**
   * @throws IllegalArgumentException naming the problem, never the value
   */
  public static EncodingAesKey parse(String encoded) {
    if (encoded == null || !SHAPE.matcher(encoded).matches()) {
      int length = encoded == null ? 0 : encoded.length();
      throw new IllegalArgumentException(
          "must be 43 letters and digits as shown in the WeChat admin (got "
              + length
              + " characters)");
    }
    return new EncodingAesKey(Base64.getDecoder().decode(encoded + "="));
  }

  /** The 32 bytes of the AES-256 key; a copy, so callers cannot change it. */
  public byte[] bytes() {
    return key.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof EncodingAesKey that && Arrays.equals(key, that.key);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(key);
  }

  @Override
  public String toString() {
    return "EncodingAesKey[hidden]";
  }
}
