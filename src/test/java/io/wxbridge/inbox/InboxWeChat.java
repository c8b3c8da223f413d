package io.wxbridge.inbox;

import io.wxbridge.push.PushMode;
import io.wxbridge.push.SimulatedWeChat;
import io.wxbridge.push.WeChatAccount;
import io.wxbridge.push.WeChatReplies;
import io.wxbridge.testing.FakeWeChatApi;
import io.wxbridge.testing.RecordedRequest;
import io.wxbridge.testing.TestBridge;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import me.chanjar.weixin.common.util.crypto.WxCryptUtil;

/**
 * WeChat as the inbox checks play it: one signed push (a request whose query and body can be sent
 * again, as WeChat's retries are) posted to any bridge instance, and what the fakes saw.
 */
final class InboxWeChat {
  /** Plaintext and safe mode, an AppSecret, Udesk behind TestBridge.udeskSwitch(). */
  static final WeChatAccount INBOX =
      new WeChatAccount(
          "wxinbox000000001",
          "inboxTok3nPq71",
          "InboxCurrentKe4e9Qv7TbLm2XcR8sWy3Zn5Ah6Jd1F",
          null,
          false);

  /** Another account whose Udesk stays up. */
  static final WeChatAccount OTHER =
      new WeChatAccount("wxinbox000000002", "inboxTok3nPq72", null, null, false);

  /** token-mode=classic (configured only on the extra bridge processes). */
  static final WeChatAccount CLASSIC =
      new WeChatAccount("wxinbox000000003", "inboxTok3nPq73", null, null, false);

  /**
   * An extra bridge process is ready when it serves this account (401 to an unsigned URL check).
   */
  static final String READY = "/wechat/wxinbox000000001";

  private InboxWeChat() {}

  /** A push as WeChat signs it: the same query and body on every attempt. */
  record Push(WeChatAccount account, Map<String, String> query, byte[] body, PushMode mode) {
    static Push of(WeChatAccount account, PushMode mode, String message) {
      if (mode == PushMode.PLAINTEXT) {
        return new Push(
            account,
            SimulatedWeChat.signedQuery(
                account, SimulatedWeChat.timestamp(), SimulatedWeChat.nonce()),
            message.getBytes(StandardCharsets.UTF_8),
            mode);
      }
      WxCryptUtil.EncryptContext sealed = account.wxJava().encryptContext(message);
      Map<String, String> query =
          SimulatedWeChat.signedQuery(account, sealed.getTimeStamp(), sealed.getNonce());
      query.put("encrypt_type", "aes");
      query.put("msg_signature", sealed.getSignature());
      return new Push(
          account,
          query,
          SimulatedWeChat.body(mode, message, sealed.getEncrypt()).getBytes(StandardCharsets.UTF_8),
          mode);
    }

    SimulatedWeChat.Sent to(URI bridge) {
      return post(bridge, account.appId(), query, body);
    }

    /** The reply as the follower's client reads it (decrypted in safe mode). */
    String reply(SimulatedWeChat.Sent sent) {
      return mode == PushMode.PLAINTEXT || sent.body().isEmpty()
          ? sent.body()
          : WeChatReplies.decrypt(account, sent);
    }
  }

  static SimulatedWeChat.Sent post(
      URI bridge, String appId, Map<String, String> query, byte[] body) {
    String queryString =
        query.entrySet().stream()
            .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
    URI uri = bridge.resolve("/wechat/" + appId + "?" + queryString);
    long started = System.nanoTime();
    try {
      HttpResponse<byte[]> response =
          TestBridge.http()
              .send(
                  HttpRequest.newBuilder(uri)
                      .header("Content-Type", "text/xml")
                      .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                      .timeout(Duration.ofSeconds(15))
                      .build(),
                  HttpResponse.BodyHandlers.ofByteArray());
      return new SimulatedWeChat.Sent(
          response,
          Duration.ofNanos(System.nanoTime() - started),
          query.get("timestamp"),
          query.get("nonce"));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (IOException e) {
      throw new IllegalStateException("the bridge at " + bridge + " did not answer", e);
    }
  }

  /**
   * The configuration of an extra bridge process: the inbox accounts and timings of the suite's
   * bridge-it.properties (same fakes), no other account, then {@code extra} (later keys win).
   */
  static String processConfiguration(String extra) {
    return processConfiguration(extra, List.of());
  }

  /**
   * {@link #processConfiguration(String)} with {@code moreAccounts} in bridge.accounts as well
   * (their keys in {@code extra}).
   */
  static String processConfiguration(String extra, List<String> moreAccounts) {
    try {
      String suite =
          java.nio.file.Files.readString(TestBridge.itDir().resolve("bridge-it.properties"));
      String kept =
          suite
              .lines()
              .filter(
                  line ->
                      line.startsWith("bridge.account.wxinbox")
                          || line.startsWith("bridge.inbox.")
                          || line.startsWith("bridge.udesk.late-reply-timeout")
                          || line.startsWith("bridge.wechat."))
              .collect(Collectors.joining("\n"));
      return "bridge.accounts="
          + INBOX.appId()
          + ","
          + OTHER.appId()
          + ","
          + CLASSIC.appId()
          + moreAccounts.stream().map(account -> "," + account).collect(Collectors.joining())
          + "\n"
          + kept
          + "\n"
          + extra
          + "\n";
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * {@link #processConfiguration} with bridge.data-dir on {@code name} under the suite's directory,
   * emptied first (a previous run's inbox would hold its pushes).
   */
  static String processConfigurationOnNewData(String name, String extra) throws IOException {
    java.nio.file.Path data = TestBridge.itDir().resolve(name);
    TestBridge.deleteRecursively(data);
    return processConfiguration("bridge.data-dir=" + data.toAbsolutePath() + "\n" + extra);
  }

  /** The customer-service messages the bridge sent to this follower. */
  static List<RecordedRequest> customerMessagesTo(WeChatAccount account, String follower) {
    return TestBridge.wechat().received(account.appId(), FakeWeChatApi.CUSTOM_SEND).stream()
        .filter(request -> request.bodyText().contains("\"touser\":\"" + follower + "\""))
        .toList();
  }

  /** GET /admin/status of this bridge instance as an administrator (bridge.admin.api-key). */
  static jakarta.json.JsonObject adminStatus(URI bridge) {
    try {
      HttpResponse<String> status =
          TestBridge.http()
              .send(
                  HttpRequest.newBuilder(bridge.resolve("/admin/status"))
                      .header("Authorization", "Bearer " + TestBridge.ADMIN_KEY)
                      .timeout(Duration.ofSeconds(15))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      if (status.statusCode() != 200) {
        throw new AssertionError("/admin/status answered " + status.statusCode());
      }
      return jakarta.json.Json.createReader(new java.io.StringReader(status.body())).readObject();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (IOException e) {
      throw new IllegalStateException("the bridge at " + bridge + " did not answer", e);
    }
  }

  /** Waits (bounded) until the condition holds; the caller asserts afterwards. */
  static void await(Duration bound, BooleanSupplier condition) {
    long deadline = System.nanoTime() + bound.toNanos();
    while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
