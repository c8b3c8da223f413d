package io.wxbridge.push.control;

import io.wxbridge.accounts.entity.Account;
import io.wxbridge.push.entity.InboundMessage;
import io.wxbridge.push.entity.OpenedPush;
import io.wxbridge.push.entity.PushHandled;
import io.wxbridge.push.entity.PushReply;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one place a push's outcome is reported: one log line per push (its request id, account, type,
 * outcome and duration; the content only at FINE) and a {@link PushHandled} event for the metrics.
 * WeChat's retries of a push get their own line, saying that they were not forwarded.
 */
@ApplicationScoped
public class PushOutcomes {
  private static final Logger LOG = Logger.getLogger(PushOutcomes.class.getName());

  @Inject Event<PushHandled> handled;

  /**
   * @param description the push's label with its request id (every line about the push has it)
   * @param startedNanos System.nanoTime() when the request arrived
   */
  void report(
      Account account, OpenedPush push, String description, PushReply reply, long startedNanos) {
    Duration elapsed = Duration.ofNanos(System.nanoTime() - startedNanos);
    // an unusable answer from Udesk is worth a warning; an undelivered push has its own
    // (UndeliveredPushLog, or the inbox's line)
    Level level =
        reply.outcome() == PushReply.Outcome.FALLBACK && !reply.retry()
            ? Level.WARNING
            : Level.INFO;
    if (LOG.isLoggable(level)) {
      // built once here rather than by MessageFormat in each handler, and with its source named,
      // so no handler walks the stack to find it: the line was 7 % of a push's CPU in a profile
      LOG.logp(
          level,
          PushOutcomes.class.getName(),
          "report",
          account.appId()
              + ": "
              + description
              + ": "
              + what(reply)
              + ", answered in "
              + elapsed.toMillis()
              + " ms; WeChat gets "
              + (reply.isEmpty()
                  ? "an empty answer (" + reply.note() + ")"
                  : "its " + reply.note()));
    }
    if (LOG.isLoggable(Level.FINE)) {
      LOG.fine(
          account.appId()
              + ": "
              + description
              + " content: "
              + new String(push.message(), StandardCharsets.UTF_8));
    }
    handled.fire(
        new PushHandled(
            account.appId(),
            push.encrypted(),
            push.fields().map(InboundMessage::msgType).orElse(null),
            reply,
            elapsed));
  }

  private static String what(PushReply reply) {
    if (reply.retry()) {
      return "retried by WeChat, not forwarded again";
    }
    return reply.outcome() == PushReply.Outcome.NOT_DELIVERED ? "not taken by Udesk" : "forwarded";
  }
}
