package io.wxbridge.inbox.control;

import io.wxbridge.forward.entity.UdeskDelivery;
import io.wxbridge.inbox.entity.InboxEntry;
import java.util.logging.Logger;

/**
 * The inbox's line for an attempt that did not deliver a push: what Udesk did, and whether the push
 * is tried again (when) or expired. A delivered push has no line here (the push face logs it).
 */
final class UndeliveredLog {
  private static final Logger LOG = Logger.getLogger(InboxDeliveries.class.getName());

  private UndeliveredLog() {}

  static void attempt(InboxEntry entry, UdeskDelivery delivery, boolean expire, long backoff) {
    if (delivery.delivered()) {
      return;
    }
    if (delivery.taken()) {
      LOG.warning(
          () ->
              entry.appId()
                  + ": "
                  + entry.description()
                  + " did not reach Udesk: "
                  + delivery.summary()
                  + "; Udesk answered 2xx, so it is not sent again");
      return;
    }
    LOG.warning(
        () ->
            entry.appId()
                + ": "
                + entry.description()
                + " did not reach Udesk: "
                + delivery.summary()
                + (delivery.status() == UdeskDelivery.Status.TIMED_OUT
                    ? " (Udesk may still have received it)"
                    : "")
                + (expire
                    ? "; older than bridge.inbox.max-age: EXPIRED, kept in the inbox ("
                        + entry.identity()
                        + ")"
                    : "; kept in the inbox, attempt "
                        + (entry.attempts() + 2)
                        + " in "
                        + backoff
                        + " ms"));
  }
}
