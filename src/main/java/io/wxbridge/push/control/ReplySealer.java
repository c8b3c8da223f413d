package io.wxbridge.push.control;

import io.wxbridge.accounts.entity.Account;
import io.wxbridge.push.entity.EncryptedReply;
import io.wxbridge.push.entity.OpenedPush;
import io.wxbridge.push.entity.PushReply;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;

/**
 * Puts a passive reply into the form the push's mode requires. Plaintext mode: the reply as Udesk
 * wrote it. Compatible and safe mode: WeChat's encrypted envelope, encrypted with the key that
 * opened the push (during a key rotation WeChat may still be on the previous one), signed, with the
 * push's own nonce and the current time. An empty answer stays empty in every mode: WeChat reads it
 * as "do nothing", and there is nothing to encrypt.
 */
@ApplicationScoped
public class ReplySealer {
  @Inject MessageCipher cipher;
  @Inject WeChatSignature signature;
  @Inject WeChatXml xml;

  Clock clock = Clock.systemUTC();

  public byte[] seal(Account account, OpenedPush push, PushReply reply) {
    if (reply.isEmpty() || push.replyKey().isEmpty()) {
      return reply.xml();
    }
    String encrypt = cipher.encrypt(reply.xml(), account.appId(), push.replyKey().get());
    String timeStamp = Long.toString(clock.instant().getEpochSecond());
    String msgSignature = signature.sign(account.token(), timeStamp, push.nonce(), encrypt);
    return xml.write(new EncryptedReply(encrypt, msgSignature, timeStamp, push.nonce()));
  }
}
