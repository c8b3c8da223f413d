package io.wxbridge.relay.control;

import io.wxbridge.ProblemException;
import io.wxbridge.accounts.entity.Account;
import io.wxbridge.relay.entity.RelayedCall;
import io.wxbridge.relay.entity.UdeskCall;
import io.wxbridge.requests.control.StopGrace;
import io.wxbridge.requests.entity.RequestId;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs one relayed call within {@link RelayCapacity} and reports it in the one place its outcome is
 * known: one log line (request id, account, operation, outcome, duration; never a parameter or the
 * content) and a {@link RelayedCall} event for the metrics. Failures are reported, then thrown on
 * to ProblemMapper unchanged. Counts the calls in flight, so that a stop can wait for them.
 */
@ApplicationScoped
public class RelayedCalls {
  private static final Logger LOG = Logger.getLogger(RelayedCalls.class.getName());

  @Inject RelayCapacity capacity;
  @Inject Event<RelayedCall> relayed;

  private final AtomicInteger inFlight = new AtomicInteger();

  /**
   * @param errcode WeChat's errcode in the answer, if any
   */
  public <T> T relay(
      Account account,
      UdeskCall call,
      RequestId request,
      Function<T, OptionalInt> errcode,
      Supplier<T> work) {
    long started = System.nanoTime();
    T answer;
    inFlight.incrementAndGet();
    try {
      answer = capacity.call(call.operation(), work);
    } catch (RuntimeException failed) {
      report(account, call, request, started, RelayedCall.Outcome.FAILED, () -> why(failed));
      throw failed;
    } finally {
      inFlight.decrementAndGet();
    }
    try {
      OptionalInt code = errcode.apply(answer);
      report(
          account,
          call,
          request,
          started,
          code.orElse(0) == 0 ? RelayedCall.Outcome.OK : RelayedCall.Outcome.WECHAT_ERROR,
          () -> "errcode " + (code.isPresent() ? code.getAsInt() : "none"));
    } catch (RuntimeException failed) {
      if (answer instanceof AutoCloseable download) { // a media download holds a permit till then
        closeAfter(failed, download);
      }
      throw failed;
    }
    return answer;
  }

  private static void closeAfter(RuntimeException failed, AutoCloseable download) {
    try {
      download.close();
    } catch (Exception alsoFailed) {
      failed.addSuppressed(alsoFailed);
    }
  }

  /**
   * Waits until no relayed call is in flight, or the deadline (System.nanoTime()) has passed.
   *
   * @return how many are still in flight
   */
  public int awaitNoneInFlight(long deadlineNanos) {
    StopGrace.await(() -> inFlight.get() <= 0, deadlineNanos);
    return inFlight.get();
  }

  private void report(
      Account account,
      UdeskCall call,
      RequestId request,
      long started,
      RelayedCall.Outcome outcome,
      Supplier<String> detail) {
    Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
    // with its source named, as PushOutcomes does: otherwise each handler walks the stack to find
    // it (1.3 % of a customer-service send's CPU samples in a profile)
    LOG.logp(
        Level.INFO,
        RelayedCalls.class.getName(),
        "report",
        () ->
            account.appId()
                + ": Udesk call "
                + call.operation()
                + ", request "
                + request
                + ": "
                + outcome.name().toLowerCase(Locale.ROOT)
                + " ("
                + detail.get()
                + ") in "
                + elapsed.toMillis()
                + " ms");
    relayed.fire(new RelayedCall(account.appId(), call.operation(), outcome, elapsed));
  }

  /** For the log: what the caller was told, or the failure's class (never a URL or a value). */
  private static String why(RuntimeException failed) {
    return failed instanceof ProblemException problem
        ? problem.status() + " " + problem.getMessage()
        : failed.getClass().getSimpleName();
  }
}
