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
 * @param apiUrl this account's WeChat API base URL, if it differs from bridge.wechat.api-url (e.g.
 *     a forward proxy whose fixed egress IP is on the account's IP whitelist)
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
    String officialAccountId,
    Optional<URI> apiUrl) {

  public Account {
    aesKeys = List.copyOf(aesKeys);
  }

  /** An account that calls the WeChat API at the bridge-wide bridge.wechat.api-url. */
  public Account(
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
    this(
        appId,
        token,
        aesKeys,
        encryptedOnly,
        udeskUrl,
        appSecret,
        tokenMode,
        tokenUrl,
        udeskPath,
        videoSdkAppId,
        officialAccountId,
        Optional.empty());
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
