package io.wxbridge.push.entity;

import java.util.Locale;

/**
 * The query parameters WeChat signs a request with. All may be null: a request that lacks one
 * simply fails the check that needs it.
 *
 * @param signature sha1 over Token, timestamp and nonce (every request)
 * @param encryptType "aes" in compatible and safe mode, absent (or "raw") in plaintext mode
 * @param msgSignature sha1 over Token, timestamp, nonce and the Encrypt element (encrypted pushes)
 */
public record SignedQuery(
    String signature, String timestamp, String nonce, String encryptType, String msgSignature) {

  /**
   * The signatures as they are compared (lowercase hex, no surrounding blanks), so that the replay
   * check remembers a query by the same value that authenticated it: {@code SIG}, {@code Sig} and
   * {@code " sig"} are one query, not three.
   */
  public SignedQuery {
    signature = normalised(signature);
    msgSignature = normalised(msgSignature);
  }

  private static String normalised(String signature) {
    return signature == null ? null : signature.trim().toLowerCase(Locale.ROOT);
  }

  public boolean encrypted() {
    return encryptType != null && encryptType.trim().equalsIgnoreCase("aes");
  }

  /**
   * True when encrypt_type names neither plaintext nor aes, i.e. a mode the bridge cannot handle.
   */
  public boolean unknownEncryptType() {
    return encryptType != null
        && !encryptType.isBlank()
        && !encrypted()
        && !encryptType.trim().equalsIgnoreCase("raw");
  }
}
