package io.wxbridge.forward.control;

import io.wxbridge.forward.entity.UdeskDelivery;
import io.wxbridge.outbound.control.CallFailure;
import jakarta.ws.rs.ProcessingException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

/** What one forward to Udesk came to: its answer, or its failure told by kind. */
final class AttemptOutcomes {
  private static final Logger LOG = Logger.getLogger(UdeskInbox.class.getName());

  private AttemptOutcomes() {}

  /**
   * @param threads bridge.udesk.max-concurrent-forwards, named when the account's pool refused it
   */
  static UdeskDelivery of(byte[] body, Throwable failure, Duration elapsed, int threads) {
    if (failure == null) {
      return UdeskDelivery.answered(body == null ? new byte[0] : body, elapsed);
    }
    Throwable cause = unwrap(failure);
    for (Throwable link = cause; link != null && link.getCause() != link; link = link.getCause()) {
      if (link instanceof UdeskAnswerException unusable) {
        return unusable.refusedWith().isPresent()
            ? UdeskDelivery.refused(unusable.refusedWith().getAsInt(), elapsed)
            : UdeskDelivery.unusable(unusable.getMessage(), elapsed);
      }
    }
    if (cause instanceof TimeoutException || CallFailure.of(cause) == CallFailure.TIMED_OUT) {
      return UdeskDelivery.timedOut(elapsed);
    }
    if (cause instanceof RejectedExecutionException) {
      return UdeskDelivery.unreachable(
          "not sent (" + threads + " forwards of the account busy, or " + cause.getMessage() + ")",
          elapsed);
    }
    if (!(cause instanceof ProcessingException)) {
      // not a network failure: worth a stack trace (it carries no URL or secret of ours)
      LOG.log(Level.WARNING, "Unexpected failure while forwarding a push to Udesk", cause);
    }
    return UdeskDelivery.unreachable(CallFailure.describe(cause), elapsed);
  }

  static Throwable unwrap(Throwable failure) {
    Throwable current = failure;
    while ((current instanceof CompletionException || current instanceof ExecutionException)
        && current.getCause() != null) {
      current = current.getCause();
    }
    return current;
  }
}
