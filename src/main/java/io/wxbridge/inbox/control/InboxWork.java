package io.wxbridge.inbox.control;

import io.wxbridge.requests.control.StopGrace;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The pushes and delivery attempts in flight, so that a stop closes the inbox's database only after
 * they are done (docs/inbox.md, "Stopping"). A push is admitted before the bridge records it and
 * done once WeChat has its answer; an attempt is done once its outcome is recorded. Once the stop
 * has begun no push is admitted: WeChat gets no acknowledgement the inbox did not record, and
 * retries. Counted without a lock: every push passes here twice.
 */
@ApplicationScoped
public class InboxWork {
  private final AtomicInteger running = new AtomicInteger();
  private volatile boolean closed;

  /** False once the bridge is stopping: the caller must not acknowledge the push. */
  public boolean admit() {
    if (closed) {
      return false;
    }
    running.incrementAndGet();
    if (closed) { // the stop began meanwhile and may have seen 0 already
      running.decrementAndGet();
      return false;
    }
    return true;
  }

  /**
   * Work that belongs to admitted work (an attempt of a recorded push): counted even when closed.
   */
  public void enter() {
    running.incrementAndGet();
  }

  public void done() {
    running.decrementAndGet();
  }

  public boolean closed() {
    return closed;
  }

  /**
   * Admits nothing more and waits, at most {@code grace}, until the work in flight is done.
   *
   * @return how much is still running
   */
  public int close(Duration grace) {
    closed = true;
    return awaitIdle(grace);
  }

  /**
   * Waits, at most {@code grace}, until no work is in flight. Also run once at start with no grace
   * (InboxShutdown): Payara refuses to load a class of the application once its stop has begun, and
   * a class first needed by the stop's wait (this one's, a lambda's) ended the stop's observers at
   * once, the database closing under the deliveries in flight.
   *
   * @return how much is still running
   */
  public int awaitIdle(Duration grace) {
    StopGrace.await(() -> running.get() <= 0, System.nanoTime() + grace.toNanos());
    return running.get();
  }
}
