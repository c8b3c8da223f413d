package io.wxbridge.accounts.entity;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * One Official Account served by the bridge, as configured under bridge.account.&lt;appid&gt;.*.
 * Holds secrets (token, AES keys, AppSecret): toString shows only the AppID.
 *
 * @param aesKeys the current EncodingAESKey first, then the previous one during a rotation; empty
 *     when the account only uses plaintext mode
 * @param udeskPath the secret path segment that replaces the AppID on the Udesk face, if any
 * @param officialAccountId the id Udesk's video API knows the account by (default: the AppID)
 */
public record Account(
    AppId appId,
    String token,
    List<EncodingAesKey> aesKeys,
    boolean encryptedOnly,
    URI udeskUrl,
    Optional<String> appSecret,
    TokenMode tokenMode,
    Optional<URI> tokenUrl,
    Optional<String> udeskPath,
    Optional<String> videoSdkAppId,
    String officialAccountId) {

  public Account {
    aesKeys = List.copyOf(aesKeys);
  }

  public boolean canDecrypt() {
    return !aesKeys.isEmpty();
  }

  /** The key WeChat encrypts with now (push replies use the key that opened their push). */
  public Optional<EncodingAesKey> currentAesKey() {
    return aesKeys.stream().findFirst();
  }

  @Override
  public String toString() {
    return "Account[" + appId + "]";
  }
}
