package io.wxbridge.relay.control;

import io.wxbridge.relay.entity.UdeskOperation;
import io.wxbridge.requests.control.DeclaredBody;
import io.wxbridge.wechatapi.entity.MediaDownload;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;

/**
 * How many of Udesk's calls are relayed at once. Each holds a server request thread while WeChat
 * answers (up to connect + read timeout + retries), and pushes need the same threads within
 * WeChat's 5 s: at most 64 relayed calls at once (of Payara's 200 request threads) keeps a slow
 * WeChat API from delaying any push. A call beyond that is refused at once with errcode -1 (HTTP
 * 503), which Udesk treats as WeChat's own "system busy". The limit is {@code
 * bridge.relay.max-concurrent-calls}.
 *
 * <p>Media transfers (uploads, and downloads until their last byte went on) have a limit of their
 * own, {@code bridge.relay.max-concurrent-media}: a transfer lasts as long as the slower side
 * sends, so uploads Udesk stalls, or downloads WeChat trickles, would otherwise take every permit
 * and the agents' messages would be refused meanwhile.
 *
 * <p>A message's body is read before its call takes a permit (stalled bodies holding permits
 * refused every agent's message meanwhile), but a body still arriving holds a request thread until
 * it is in or the server's read timeout: at most {@code bridge.relay.max-slow-bodies} are awaited
 * at once, more are refused the same way (a probe: 220 sends that each stalled mid-body held every
 * request thread for 30 s, and a push waited 15 s). A body that came with its headers, the usual
 * one, takes none.
 *
 * <p>A semaphore rather than Fault Tolerance's {@code @Bulkhead}, which it was, with the same
 * refusal ({@link BulkheadException}) and no queue: the interceptor looked up a request context
 * controller through CDI and tagged its metrics on every call, about 3 % of a relayed send's CPU in
 * a profile (issue 9), for what a semaphore does.
 */
@ApplicationScoped
public class RelayCapacity {
  static final String LIMIT = "bridge.relay.max-concurrent-calls";
  static final String MEDIA_LIMIT = "bridge.relay.max-concurrent-media";
  static final String SLOW_BODIES = "bridge.relay.max-slow-bodies";
  static final int DEFAULT_SLOW_BODIES = 16;

  /** The keys' default, here only (the code reads the keys as optional). */
  static final int DEFAULT_LIMIT = 64;

  @Inject Config config;

  private Semaphore calls = new Semaphore(DEFAULT_LIMIT);
  private Semaphore media = new Semaphore(DEFAULT_LIMIT);
  private Semaphore slowBodies = new Semaphore(DEFAULT_SLOW_BODIES);

  @PostConstruct
  void readLimit() {
    calls = new Semaphore(limit(LIMIT, DEFAULT_LIMIT));
    media = new Semaphore(limit(MEDIA_LIMIT, DEFAULT_LIMIT));
    slowBodies = new Semaphore(limit(SLOW_BODIES, DEFAULT_SLOW_BODIES));
  }

  /** A limit below 1 would refuse every call: the default instead, as for the push's limits. */
  private int limit(String key, int orElse) {
    return config.getOptionalValue(key, Integer.class).filter(n -> n > 0).orElse(orElse);
  }

  /**
   * A message's body ({@link UdeskRelay#message}), awaited with a permit when it is not all here
   * yet ({@link DeclaredBody#allHere}).
   *
   * @param declaredLength Content-Length, or null when the request does not declare one
   * @throws BulkheadException when that many bodies are awaited already, without waiting
   */
  public byte[] awaitMessage(InputStream body, Long declaredLength) {
    if (declaredLength != null && declaredLength > UdeskRelay.MAX_MESSAGE_BYTES) {
      throw UdeskCallException.bodyTooLarge(UdeskRelay.MAX_MESSAGE_BYTES); // not awaited at all
    }
    if (DeclaredBody.allHere(body, declaredLength == null ? -1 : declaredLength)) {
      return UdeskRelay.message(body);
    }
    if (!slowBodies.tryAcquire()) {
      throw new BulkheadException("too many of Udesk's message bodies still arriving");
    }
    try {
      return UdeskRelay.message(body);
    } finally {
      slowBodies.release();
    }
  }

  /**
   * @throws BulkheadException when the capacity for this kind of call is taken, without waiting
   */
  public <T> T call(UdeskOperation operation, Supplier<T> relayed) {
    Semaphore permits = isMedia(operation) ? media : calls;
    if (!permits.tryAcquire()) {
      throw new BulkheadException("too many of Udesk's calls relayed at once");
    }
    boolean held = false;
    try {
      T answer = relayed.get();
      if (answer instanceof MediaDownload download) {
        // its bytes stream on a request thread after this returns: the permit goes with them
        held = true;
        @SuppressWarnings("unchecked")
        T streaming = (T) download.releasingWhenClosed(permits::release);
        return streaming;
      }
      return answer;
    } finally {
      if (!held) {
        permits.release();
      }
    }
  }

  private static boolean isMedia(UdeskOperation operation) {
    return operation == UdeskOperation.UPLOAD_MEDIA || operation == UdeskOperation.GET_MEDIA;
  }
}
