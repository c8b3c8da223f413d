package io.wxbridge.push.boundary;

import io.wxbridge.accounts.control.Accounts;
import io.wxbridge.accounts.entity.Account;
import io.wxbridge.forward.control.UdeskInbox;
import io.wxbridge.push.control.PassiveReplyValidator;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.logging.Logger;

/**
 * Does at start what the first push would otherwise do inside WeChat's 5 s: builds the JAXB
 * contexts and the hardened parser (by judging a sample reply) and each account's Udesk client.
 * Measured without it, the first push of a fresh server spent about 0.8 s of its Udesk deadline on
 * this.
 */
@ApplicationScoped
public class PushStartupWarmUp {
  private static final Logger LOG = Logger.getLogger(PushStartupWarmUp.class.getName());
  private static final byte[] SAMPLE_REPLY =
      ("<xml><ToUserName>o</ToUserName><FromUserName>gh</FromUserName>"
              + "<CreateTime>0</CreateTime><MsgType>text</MsgType></xml>")
          .getBytes(StandardCharsets.UTF_8);

  @Inject Accounts accounts;
  @Inject PassiveReplyValidator replies;
  @Inject UdeskInbox udesk;

  void onStart(@Observes @Initialized(ApplicationScoped.class) Object started) {
    long begin = System.nanoTime();
    replies.judge(SAMPLE_REPLY);
    for (Account account : accounts.all()) {
      udesk.prepare(account);
    }
    LOG.fine(() -> "Push face ready in " + (System.nanoTime() - begin) / 1_000_000 + " ms");
  }
}
