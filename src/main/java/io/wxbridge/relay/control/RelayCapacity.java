package io.wxbridge.relay.control;

import io.wxbridge.relay.entity.UdeskOperation;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
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
 * <p>Media transfers (uploads, and downloads until WeChat's headers are in) have a limit of their
 * own, {@code bridge.relay.max-concurrent-media}: a transfer lasts as long as the slower side
 * sends, so uploads Udesk stalls, or downloads WeChat trickles, would otherwise take every permit
 * and the agents' messages would be refused meanwhile.
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

  /** The keys' default, here only (the code reads the keys as optional). */
  static final int DEFAULT_LIMIT = 64;

  @Inject Config config;

  private Semaphore calls = new Semaphore(DEFAULT_LIMIT);
  private Semaphore media = new Semaphore(DEFAULT_LIMIT);

  @PostConstruct
  void readLimit() {
    calls = new Semaphore(config.getOptionalValue(LIMIT, Integer.class).orElse(DEFAULT_LIMIT));
    media =
        new Semaphore(config.getOptionalValue(MEDIA_LIMIT, Integer.class).orElse(DEFAULT_LIMIT));
  }

  /**
   * @throws BulkheadException when the capacity for this kind of call is taken, without waiting
   */
  public <T> T call(UdeskOperation operation, Supplier<T> relayed) {
    Semaphore permits = isMedia(operation) ? media : calls;
    if (!permits.tryAcquire()) {
      throw new BulkheadException("too many of Udesk's calls relayed at once");
    }
    try {
      return relayed.get();
    } finally {
      permits.release();
    }
  }

  private static boolean isMedia(UdeskOperation operation) {
    return operation == UdeskOperation.UPLOAD_MEDIA || operation == UdeskOperation.GET_MEDIA;
  }
}
