package io.wxbridge.push;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wxbridge.testing.FakeUdesk;
import io.wxbridge.testing.TestBridge;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The server log tells an operator what happened to each push, and never shows a secret (run by
 * BridgeIT).
 */
public abstract class PushLogChecks {

  @Test
  void logsPushesAndRefusalsWithoutTokensOrKeys() {
    String relayed = WeChatMessages.of(WeChatMessages.TEXT, FakeUdesk.MARK_REPLY + " log-check");
    SimulatedWeChat.push(WeChatAccount.AES, PushMode.SAFE, relayed);
    String msgId = relayed.substring(relayed.indexOf("<MsgId>") + 7, relayed.indexOf("</MsgId>"));
    SimulatedWeChat.push(
        WeChatAccount.AES,
        PushMode.PLAINTEXT,
        WeChatMessages.of(WeChatMessages.TEXT, FakeUdesk.MARK_ERROR));
    SimulatedWeChat.push(
        WeChatAccount.UDESK_DOWN,
        PushMode.COMPATIBLE,
        WeChatMessages.of(WeChatMessages.TEXT, "down"));
    WeChatAccount otherKey =
        new WeChatAccount(
            WeChatAccount.AES.appId(),
            WeChatAccount.AES.token(),
            WeChatAccount.ENCRYPTED_ONLY.aesKey(),
            null,
            false);
    SimulatedWeChat.encrypted(
        WeChatAccount.AES,
        otherKey.wxJava(),
        PushMode.SAFE,
        WeChatMessages.of(WeChatMessages.TEXT, "undecryptable"));
    SimulatedWeChat.post(
        WeChatAccount.PLAIN.appId(),
        Map.of("signature", "0", "timestamp", "1", "nonce", "2"),
        "<xml/>".getBytes(java.nio.charset.StandardCharsets.UTF_8));

    String log = TestBridge.serverLog();
    assertTrue(
        log.lines()
            .anyMatch(
                line ->
                    line.contains("wxpushaes000001: text MsgId=" + msgId + " (encrypted), request ")
                        && line.contains(": forwarded, answered in ")
                        && line.contains("; WeChat gets its passive reply of ")),
        "relayed pushes are logged, one line each");
    assertTrue(log.contains("did not reach Udesk"), "undelivered pushes are logged");
    assertTrue(
        log.contains("401 wechat/wxpushplain00001: signature does not match"),
        "refusals are logged");
    assertTrue(
        log.contains("400 wechat/wxpushaes000001: Encrypt cannot be decrypted"),
        "refusals are logged");

    for (WeChatAccount account :
        List.of(
            WeChatAccount.PLAIN,
            WeChatAccount.AES,
            WeChatAccount.ENCRYPTED_ONLY,
            WeChatAccount.UDESK_DOWN,
            WeChatAccount.V1)) {
      assertFalse(log.contains(account.token()), "no Token of " + account.appId() + " in the log");
      for (String key : new String[] {account.aesKey(), account.previousAesKey()}) {
        assertFalse(
            key != null && log.contains(key),
            "no EncodingAESKey of " + account.appId() + " in the log");
      }
    }
    assertFalse(log.contains("olloowpoeakkskknx0ijm"), "no Udesk URL token in the log");
  }
}
