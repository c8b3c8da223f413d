package io.wxbridge.push;

import io.wxbridge.accounts.control.AccountReader;
import io.wxbridge.accounts.entity.Account;
import io.wxbridge.accounts.entity.AppId;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import me.chanjar.weixin.common.util.crypto.WxCryptUtil;

/**
 * An Official Account as WeChat's side knows it, for tests that play WeChat. The published test
 * vectors' accounts (docs/protocol.md §2) and the accounts of
 * src/test/resources/it/bridge-it.properties.
 */
public record WeChatAccount(
    String appId, String token, String aesKey, String previousAesKey, boolean encryptedOnly) {
  /** Tencent's Java sample / WxJava's WxCryptUtilTest. */
  public static final WeChatAccount V1 =
      new WeChatAccount(
          "wxb11529c136998cb6",
          "pamtest",
          "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG",
          null,
          false);

  /** The official 2024 push guide (its key decodes to 32 zero bytes). */
  public static final WeChatAccount V3 =
      new WeChatAccount("wxba5fad812f8e6fb9", "AAAAA", "A".repeat(43), null, false);

  /** Plaintext mode only. */
  public static final WeChatAccount PLAIN =
      new WeChatAccount("wxpushplain00001", "pushPlainTok3nQx7", null, null, false);

  /** Compatible and safe mode, in the middle of a key rotation. */
  public static final WeChatAccount AES =
      new WeChatAccount(
          "wxpushaes000001",
          "pushAesTok3nZk81",
          "PushCurrentKey4e9Qv7TbLm2XcR8sWy3Zn5Ah6Jd1F",
          "PushPreviousKey7pW2nR5tYx8cV1bM4zQ6sL9dG3hK",
          false);

  /** Refuses plaintext pushes. */
  public static final WeChatAccount ENCRYPTED_ONLY =
      new WeChatAccount(
          "wxpushonly00001",
          "pushOnlyTok3nHs4",
          "PushOnlyKeyUu3Wq8Le5Rt2Yp7Io4As9Df6Gh1Jk0Zx",
          null,
          true);

  /** Its Udesk URL points where nothing listens. */
  public static final WeChatAccount UDESK_DOWN =
      new WeChatAccount(
          "wxpushdown00001",
          "pushDownTok3nMv2",
          "PushDownKeyBn5Mq2Wr8Et4Ty1Ui7Op3As6Dg9Fh0Jk",
          null,
          false);

  /**
   * Plaintext mode, an account of its own for the checks that load it (RelayIsolationChecks, the
   * forwards at once in PushUdeskFailureChecks), so no other check's pushes queue behind theirs.
   */
  public static final WeChatAccount ISOLATION =
      new WeChatAccount("wxisolation000001", "wechat-push-token", null, null, false);

  /** Plaintext mode; Udesk behind a port of its own (TestBridge.udeskCounted()). */
  public static final WeChatAccount IDLE_CONNECTIONS =
      new WeChatAccount("wxidleconns00001", "idleConnsTok3nWq5", null, null, false);

  /** WeChat's side of this account's crypto: an independent implementation (WxJava). */
  public WxCryptUtil wxJava() {
    return new WxCryptUtil(token, aesKey, appId);
  }

  /** The same AppID and Token, with the previous key: pushes from before the rotation. */
  public WxCryptUtil wxJavaWithPreviousKey() {
    return new WxCryptUtil(token, previousAesKey, appId);
  }

  /** The account as the bridge reads it from configuration. */
  public Account asConfigured() {
    Map<String, String> config = new HashMap<>();
    String prefix = "bridge.account." + appId + ".";
    config.put(prefix + "token", token);
    config.put(prefix + "udesk-url", "http://udesk.example/weixin/" + appId);
    if (aesKey != null) {
      config.put(prefix + "encoding-aes-key", aesKey);
    }
    if (previousAesKey != null) {
      config.put(prefix + "previous-encoding-aes-key", previousAesKey);
    }
    config.put(prefix + "encrypted-only", Boolean.toString(encryptedOnly));
    AccountReader.Result read =
        new AccountReader(key -> Optional.ofNullable(config.get(key))).read(new AppId(appId));
    return read.account().orElseThrow(() -> new IllegalStateException(read.problems().toString()));
  }
}
