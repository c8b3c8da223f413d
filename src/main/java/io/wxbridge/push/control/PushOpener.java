package io.wxbridge.push.control;

import io.wxbridge.accounts.entity.Account;
import io.wxbridge.push.entity.DecryptedMessage;
import io.wxbridge.push.entity.InboundMessage;
import io.wxbridge.push.entity.OpenedPush;
import io.wxbridge.push.entity.SignedQuery;
import io.wxbridge.text.entity.StrictText;
import io.wxbridge.wechatxml.entity.XmlFields;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;

/**
 * Checks a push and opens it, authenticating before doing any real work: plaintext mode by {@code
 * signature} before the body is parsed at all; compatible and safe mode by {@code msg_signature}
 * over the Encrypt element, found by a bounded streaming pass ({@link EncryptElementReader}),
 * before the message is read; then AES with the current or previous key, then the AppID inside. In
 * the encrypted modes {@code signature} is not checked: msg_signature already covers the Token,
 * timestamp, nonce and the whole ciphertext. Every check that could tell an account's configuration
 * apart (encrypted-only, no AES key) comes after authentication, so a stranger learns nothing about
 * it. A push comes out of here only if every check passed; otherwise a {@link
 * PushRejectedException} says why, and nothing is forwarded.
 */
@ApplicationScoped
public class PushOpener {
  @Inject HardenedXmlParser parser;
  @Inject EncryptElementReader envelopes;
  @Inject WeChatSignature signature;
  @Inject MessageCipher cipher;

  public OpenedPush open(Account account, SignedQuery query, byte[] body) {
    return openAuthenticated(account, query, body, authenticate(account.token(), query, body));
  }

  /**
   * Opens a push that passed {@link #authenticate} with the account's Token.
   *
   * @param encrypt what authenticate returned
   */
  public OpenedPush openAuthenticated(
      Account account, SignedQuery query, byte[] body, String encrypt) {
    if (query.encrypted()) {
      return openEncrypted(account, query, encrypt);
    }
    if (query.unknownEncryptType()) {
      throw PushRejectedException.malformed(
          "unknown encrypt_type (expected aes, or none for plaintext mode)");
    }
    return openPlaintext(account, query, body);
  }

  /**
   * The authentication alone, the same work for every caller: {@code signature} in plaintext mode;
   * in the encrypted modes the Encrypt element (returned) and {@code msg_signature}.
   *
   * @throws PushRejectedException 401 when the signature does not match, 400 for an unreadable
   *     envelope
   */
  public String authenticate(String token, SignedQuery query, byte[] body) {
    if (!query.encrypted()) {
      if (!signature.matches(query.signature(), token, query.timestamp(), query.nonce())) {
        throw PushRejectedException.badSignature("signature");
      }
      return "";
    }
    String encrypt = envelopes.encrypt(body);
    if (encrypt.isEmpty()) {
      throw PushRejectedException.malformed(
          "encrypt_type=aes, but the body has no Encrypt element");
    }
    if (!signature.matches(
        query.msgSignature(), token, query.timestamp(), query.nonce(), encrypt)) {
      throw PushRejectedException.badSignature("msg_signature");
    }
    return encrypt;
  }

  private OpenedPush openPlaintext(Account account, SignedQuery query, byte[] body) {
    if (account.encryptedOnly()) {
      throw PushRejectedException.plaintextRefused();
    }
    XmlFields envelope = parser.parsePush(body);
    if (!envelope.rootIsXml()) {
      throw PushRejectedException.malformed("a WeChat push is an <xml> document");
    }
    return new OpenedPush(
        account.appId(),
        body,
        Optional.of(InboundMessage.of(envelope)),
        query.nonce(),
        Optional.empty(),
        Optional.of(envelope));
  }

  private OpenedPush openEncrypted(Account account, SignedQuery query, String encrypt) {
    if (!account.canDecrypt()) {
      throw PushRejectedException.undecryptable(
          "encrypted push, but this account has no EncodingAESKey configured");
    }
    DecryptedMessage decrypted = cipher.decrypt(encrypt, account.appId(), account.aesKeys());
    Optional<XmlFields> xml = fieldsOf(decrypted.message());
    return new OpenedPush(
        account.appId(),
        decrypted.message(),
        xml.map(InboundMessage::of),
        query.nonce(),
        Optional.of(decrypted.key()),
        xml);
  }

  /**
   * The fields of a decrypted message. What WeChat encrypted is authentic (it passed msg_signature,
   * AES and the AppID check), so it is forwarded even when it is not XML (WeChat's JSON data
   * format, published test vectors); but anything that starts like XML must be well-formed and
   * DOCTYPE-free.
   */
  private Optional<XmlFields> fieldsOf(byte[] message) {
    if (!startsLikeXml(message)) {
      return Optional.empty();
    }
    return Optional.of(parser.parsePush(message));
  }

  private static boolean startsLikeXml(byte[] message) {
    int i = StrictText.utf8MarkLength(message);
    while (i < message.length && Character.isWhitespace(message[i])) {
      i++;
    }
    return i < message.length && message[i] == '<';
  }
}
