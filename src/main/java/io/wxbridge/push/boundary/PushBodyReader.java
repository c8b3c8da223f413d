package io.wxbridge.push.boundary;

import io.wxbridge.push.control.PushRejectedException;
import io.wxbridge.requests.control.DeclaredBody;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.function.BooleanSupplier;
import org.eclipse.microprofile.config.Config;

/**
 * Reads a push body, at most bridge.push.max-body-bytes (default {@value #DEFAULT_LIMIT}). WeChat
 * publishes no maximum, but a push is one message or event: its largest are a follower's long text
 * message and the picture/scan events with their item lists, a few KB of XML. Safe mode adds AES
 * padding (up to 32 bytes) and Base64 (x 4/3) around it, compatible mode also the plaintext fields
 * (WeChat: about 3x a message), so even a 10 KB message stays near 30 KB. 64 KiB leaves that room
 * twice over and still bounds what a stranger can make the bridge read before the signature is
 * checked (1 MiB, the old limit, was sixteen times more for nothing). The declared Content-Length
 * is checked first, and the bytes are counted while reading too, because a chunked body declares
 * none.
 */
@ApplicationScoped
public class PushBodyReader {
  public static final String MAX_BODY_BYTES = "bridge.push.max-body-bytes";
  static final int DEFAULT_LIMIT = 64 * 1024;
  public static final String MAX_SLOW_BODIES = "bridge.push.max-slow-bodies";
  static final int DEFAULT_SLOW_BODIES = 32;

  @Inject Config config;

  private int limit = DEFAULT_LIMIT;
  private int slowBodies = DEFAULT_SLOW_BODIES;
  private Semaphore slowBodyPermits = new Semaphore(DEFAULT_SLOW_BODIES);

  @PostConstruct
  void load() {
    limit =
        config
            .getOptionalValue(MAX_BODY_BYTES, Integer.class)
            .filter(n -> n > 0)
            .orElse(DEFAULT_LIMIT);
    slowBodies =
        config
            .getOptionalValue(MAX_SLOW_BODIES, Integer.class)
            .filter(n -> n > 0)
            .orElse(DEFAULT_SLOW_BODIES);
    slowBodyPermits = new Semaphore(slowBodies);
  }

  /**
   * Awaits a stranger's body that did not come with its headers with one of
   * bridge.push.max-slow-bodies permits (default {@value #DEFAULT_SLOW_BODIES}), and refuses it 503
   * at once without one. Awaiting a body blocks an HTTP worker thread until it is in or the
   * server's read timeout passes, and a safe-mode push's msg_signature can be checked only once its
   * body is in: without the bound, strangers' stalled bodies held every worker (docs/security.md).
   * A body that came with its headers ({@code available()} covers the declared length) and a push
   * WeChat signed (its plain {@code signature}, sent in every mode) need no permit.
   *
   * @param signedByWeChat tells, when asked, whether the query carries WeChat's signature
   * @return the body once in (at most one byte over the limit, for {@link #read}'s 413), or one
   *     that fails as reading it failed ({@link #read}'s 400); empty when the push reads its body
   *     itself (it is here, it is WeChat's, or it is refused as too large by its declared length)
   * @throws PushRejectedException 503 when every permit is taken
   */
  public Optional<InputStream> awaitIfSlow(
      InputStream body, long declaredLength, BooleanSupplier signedByWeChat) {
    if (declaredLength > limit
        || DeclaredBody.allHere(body, declaredLength)
        || signedByWeChat.getAsBoolean()) {
      return Optional.empty();
    }
    if (!slowBodyPermits.tryAcquire()) {
      throw PushRejectedException.tooManySlowBodies(slowBodies);
    }
    try {
      return Optional.of(new ByteArrayInputStream(body.readNBytes(limit + 1)));
    } catch (IOException broken) {
      return Optional.of(
          new InputStream() {
            @Override
            public int read() throws IOException {
              throw broken;
            }
          });
    } finally {
      slowBodyPermits.release();
    }
  }

  /** The Content-Length header's value, or -1 when it is absent or not a length. */
  static long declared(String contentLength) {
    if (contentLength == null) {
      return -1;
    }
    try {
      long length = Long.parseLong(contentLength.strip());
      return length < 0 ? -1 : length;
    } catch (NumberFormatException notALength) {
      return -1;
    }
  }

  /**
   * @param declaredLength Content-Length, or -1 when the request does not declare one
   * @throws PushRejectedException 413 over the limit, 400 if the body cannot be read
   */
  public byte[] read(InputStream body, long declaredLength) {
    if (declaredLength > limit) {
      throw PushRejectedException.tooLarge(limit);
    }
    try (body) {
      return declaredLength >= 0 ? body.readNBytes((int) declaredLength) : readUndeclared(body);
    } catch (IOException broken) {
      throw PushRejectedException.unreadable();
    }
  }

  /**
   * A chunked body: counted while it arrives. (A declared length is read in one go: the container
   * ends the stream there, and {@code readNBytes} allocates at most 8 KiB ahead of the bytes that
   * arrived, exactly the body for a usual push, where a buffer and its growing copy were garbage
   * per push before.)
   */
  private byte[] readUndeclared(InputStream body) throws IOException {
    ByteArrayOutputStream read = new ByteArrayOutputStream(8192);
    byte[] chunk = new byte[8192];
    int n;
    while ((n = body.read(chunk)) != -1) {
      if (read.size() + n > limit) {
        throw PushRejectedException.tooLarge(limit);
      }
      read.write(chunk, 0, n);
    }
    return read.toByteArray();
  }
}
