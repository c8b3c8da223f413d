package io.wxbridge.push.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.wxbridge.accounts.entity.Account;
import io.wxbridge.forward.entity.UdeskDelivery;
import io.wxbridge.forward.entity.UdeskPush;
import io.wxbridge.inbox.control.DurableInbox;
import io.wxbridge.push.WeChatAccount;
import io.wxbridge.push.entity.OpenedPush;
import io.wxbridge.push.entity.SignedQuery;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import me.chanjar.weixin.common.util.crypto.SHA1;
import org.junit.jupiter.api.Test;

/** What the push face hands to the inbox. */
class PushForwarderTest {
  private static final String MESSAGE =
      "<xml><ToUserName><![CDATA[gh_1]]></ToUserName><FromUserName><![CDATA[oUser]]>"
          + "</FromUserName><CreateTime>1714112445</CreateTime><MsgType><![CDATA[text]]></MsgType>"
          + "<Content><![CDATA[hi]]></Content><MsgId>24602475398493952</MsgId></xml>";

  /** WeChat's deadline runs from the request's arrival, not from when the inbox gets the push. */
  @Test
  void theInboxGetsTheTimeWeChatsRequestArrived() throws Exception {
    AtomicLong handedOn = new AtomicLong();
    PushForwarder forwarder = new PushForwarder();
    forwarder.recentPushes = new RecentPushes();
    forwarder.recentPushes.windowMillis = 30_000;
    forwarder.replies = new PassiveReplyValidator();
    forwarder.replies.parser = new HardenedXmlParser();
    forwarder.inbox =
        new DurableInbox() {
          @Override
          public CompletionStage<UdeskDelivery> deliver(
              Account account,
              UdeskPush push,
              Optional<Map<String, String>> fields,
              long arrivedNanos) {
            handedOn.set(arrivedNanos);
            return CompletableFuture.completedFuture(
                UdeskDelivery.answered(new byte[0], Duration.ZERO));
          }
        };
    long arrived = System.nanoTime() - TimeUnit.SECONDS.toNanos(2);
    forwarder
        .answer(WeChatAccount.PLAIN.asConfigured(), opened(), "a push", arrived)
        .toCompletableFuture()
        .get(5, TimeUnit.SECONDS);
    assertEquals(arrived, handedOn.get());
  }

  private static OpenedPush opened() {
    PushOpener opener = new PushOpener();
    opener.parser = new HardenedXmlParser();
    opener.envelopes = new EncryptElementReader();
    opener.signature = new WeChatSignature();
    opener.cipher = new MessageCipher();
    String ts = "1714112445";
    String nonce = "415670741";
    return opener.open(
        WeChatAccount.PLAIN.asConfigured(),
        new SignedQuery(SHA1.gen(WeChatAccount.PLAIN.token(), ts, nonce), ts, nonce, null, null),
        MESSAGE.getBytes(StandardCharsets.UTF_8));
  }
}
