package io.wxbridge.push.control;

import io.wxbridge.accounts.entity.AppId;
import io.wxbridge.accounts.entity.EncodingAesKey;
import io.wxbridge.push.entity.DecryptedMessage;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * WeChat's message encryption (docs/protocol.md §2): AES-256-CBC with the first 16 key bytes as IV
 * over {@code random(16) ‖ uint32 length ‖ message ‖ AppID}, padded PKCS#7-style to a multiple of
 * <b>32</b> bytes. The JDK's PKCS5Padding only knows 16-byte blocks and rejects WeChat's
 * ciphertexts whose pad is longer than 16, so the cipher runs without padding and the padding is
 * done here.
 */
@ApplicationScoped
public class MessageCipher {
  private static final int PAD_BLOCK = 32;
  private static final int AES_BLOCK = 16;
  private static final int RANDOM_LENGTH = 16;
  private static final int HEADER = RANDOM_LENGTH + 4;
  private static final char[] RANDOM_CHARS =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

  private final SecureRandom random = new SecureRandom();

  /** The Base64 ciphertext of {@code message} for {@code appId}, behind a fresh random prefix. */
  public String encrypt(byte[] message, AppId appId, EncodingAesKey key) {
    return encrypt(message, appId, key, randomPrefix());
  }

  /**
   * As {@link #encrypt(byte[], AppId, EncodingAesKey)} with a given 16-byte prefix (published test
   * vectors).
   */
  String encrypt(byte[] message, AppId appId, EncodingAesKey key, byte[] randomPrefix) {
    byte[] appIdBytes = appId.value().getBytes(StandardCharsets.UTF_8);
    int length = HEADER + message.length + appIdBytes.length;
    int pad = PAD_BLOCK - length % PAD_BLOCK;
    ByteBuffer plain = ByteBuffer.allocate(length + pad);
    plain.put(randomPrefix, 0, RANDOM_LENGTH).putInt(message.length).put(message).put(appIdBytes);
    while (plain.hasRemaining()) {
      plain.put((byte) pad);
    }
    return Base64.getEncoder().encodeToString(run(Cipher.ENCRYPT_MODE, key, plain.array()));
  }

  /**
   * Opens an Encrypt element with the account's keys, current first, then the previous one (key
   * rotation), and checks that the AppID inside is the account's.
   *
   * @throws PushRejectedException 400 when no key opens it, or when it is addressed to another
   *     AppID
   */
  public DecryptedMessage decrypt(String encrypt, AppId appId, List<EncodingAesKey> keys) {
    byte[] ciphertext = base64(encrypt);
    if (ciphertext.length == 0 || ciphertext.length % AES_BLOCK != 0) {
      throw PushRejectedException.undecryptable("Encrypt is not an AES ciphertext");
    }
    byte[] expectedAppId = appId.value().getBytes(StandardCharsets.UTF_8);
    boolean openedForAnotherAppId = false;
    for (EncodingAesKey key : keys) {
      Optional<Layout> layout = Layout.of(run(Cipher.DECRYPT_MODE, key, ciphertext));
      if (layout.isPresent() && MessageDigest.isEqual(expectedAppId, layout.get().appId())) {
        return new DecryptedMessage(layout.get().message(), key);
      }
      openedForAnotherAppId |= layout.isPresent();
    }
    if (openedForAnotherAppId) {
      throw PushRejectedException.otherAppId();
    }
    throw PushRejectedException.undecryptable(
        "Encrypt cannot be decrypted with this account's EncodingAESKey");
  }

  private byte[] randomPrefix() {
    byte[] prefix = new byte[RANDOM_LENGTH];
    random.nextBytes(prefix); // one call: each takes the shared generator's lock
    for (int i = 0; i < prefix.length; i++) {
      // WeChat only needs 16 random bytes here; the slight bias of the modulo matters to nothing
      prefix[i] = (byte) RANDOM_CHARS[(prefix[i] & 0xff) % RANDOM_CHARS.length];
    }
    return prefix;
  }

  // Cipher.getInstance looks the provider up on every call: reuse the ciphers (re-initialised per
  // use)
  private final Reusables<Cipher> ciphers = new Reusables<>(MessageCipher::newCipher);

  private static final Pattern WHITESPACE = Pattern.compile("\\s+");

  private static byte[] base64(String encrypt) {
    try {
      // Line breaks or spaces inside the element (a pretty-printed body) are not part of the Base64
      // text;
      // Tencent's samples and WxJava (commons-codec) skip them too.
      return Base64.getDecoder().decode(WHITESPACE.matcher(encrypt).replaceAll(""));
    } catch (IllegalArgumentException notBase64) {
      throw PushRejectedException.undecryptable("Encrypt is not Base64");
    }
  }

  private byte[] run(int mode, EncodingAesKey key, byte[] input) {
    return ciphers.with(
        cipher -> {
          byte[] keyBytes = key.bytes();
          try {
            cipher.init(
                mode,
                new SecretKeySpec(keyBytes, "AES"),
                new IvParameterSpec(keyBytes, 0, AES_BLOCK));
            return cipher.doFinal(input);
          } catch (GeneralSecurityException impossible) {
            // AES-256 with a 32-byte key over whole blocks cannot fail on Java 17
            throw new IllegalStateException("AES/CBC/NoPadding unavailable", impossible);
          } finally {
            Arrays.fill(keyBytes, (byte) 0);
          }
        });
  }

  private static Cipher newCipher() {
    try {
      return Cipher.getInstance("AES/CBC/NoPadding");
    } catch (GeneralSecurityException impossible) {
      throw new IllegalStateException("AES/CBC/NoPadding unavailable", impossible);
    }
  }

  /** The parts of a decrypted plaintext, if its padding and length are consistent. */
  private record Layout(byte[] message, byte[] appId) {
    static Optional<Layout> of(byte[] plain) {
      int pad = plain[plain.length - 1] & 0xff;
      if (pad < 1 || pad > PAD_BLOCK || pad > plain.length - HEADER) {
        return Optional.empty();
      }
      for (int i = plain.length - pad; i < plain.length; i++) {
        if ((plain[i] & 0xff) != pad) {
          return Optional.empty();
        }
      }
      int end = plain.length - pad;
      int length = ByteBuffer.wrap(plain, RANDOM_LENGTH, 4).getInt();
      if (length < 0 || length > end - HEADER) {
        return Optional.empty();
      }
      return Optional.of(
          new Layout(
              Arrays.copyOfRange(plain, HEADER, HEADER + length),
              Arrays.copyOfRange(plain, HEADER + length, end)));
    }
  }
}
