package io.wxbridge.relay.control;

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
 * <p>A semaphore rather than Fault Tolerance's {@code @Bulkhead}, which it was, with the same
 * refusal ({@link BulkheadException}) and no queue: the interceptor looked up a request context
 * controller through CDI and tagged its metrics on every call, about 3 % of a relayed send's CPU in
 * a profile (issue 9), for what a semaphore does.
 */
@ApplicationScoped
public class RelayCapacity {
  static final String LIMIT = "bridge.relay.max-concurrent-calls";

  /** The key's default, here only (the code reads the key as optional). */
  static final int DEFAULT_LIMIT = 64;

  @Inject Config config;

  private Semaphore permits = new Semaphore(DEFAULT_LIMIT);

  @PostConstruct
  void readLimit() {
    permits = new Semaphore(config.getOptionalValue(LIMIT, Integer.class).orElse(DEFAULT_LIMIT));
  }

  /**
   * @throws BulkheadException when the relay's capacity is taken, without waiting
   */
  public <T> T call(Supplier<T> relayed) {
    if (!permits.tryAcquire()) {
      throw new BulkheadException("too many of Udesk's calls relayed at once");
    }
    try {
      return relayed.get();
    } finally {
      permits.release();
    }
  }
}
