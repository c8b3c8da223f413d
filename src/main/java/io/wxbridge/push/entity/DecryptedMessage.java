package io.wxbridge.push.entity;

import io.wxbridge.accounts.entity.EncodingAesKey;

/**
 * What an Encrypt element held for this account: the message (UTF-8, exactly as WeChat encrypted
 * it) and the key that opened it, which is the key WeChat expects the reply to be encrypted with
 * (during a key rotation that may still be the previous one).
 */
public record DecryptedMessage(byte[] message, EncodingAesKey key) {}
