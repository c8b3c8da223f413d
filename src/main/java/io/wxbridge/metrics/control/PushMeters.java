package io.wxbridge.metrics.control;

import io.wxbridge.forward.entity.ForwardAttempt;
import io.wxbridge.inbox.entity.InboxEvent;
import io.wxbridge.push.entity.PushHandled;
import io.wxbridge.push.entity.PushReply;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Locale;
import java.util.Set;

/** Counts pushes, their forwards to Udesk and what the inbox does with them (docs/metrics.md). */
@ApplicationScoped
public class PushMeters {
  /** WeChat's message types (docs/protocol.md); anything else is counted as "other". */
  static final Set<String> MESSAGE_TYPES =
      Set.of(
          "text",
          "image",
          "voice",
          "video",
          "shortvideo",
          "location",
          "link",
          "file",
          "miniprogrampage",
          "event");

  @Inject Meters meters;

  void pushed(@Observes PushHandled push) {
    count(
        "bridge.pushes",
        "account",
        push.appId().value(),
        "mode",
        push.encrypted() ? "encrypted" : "plaintext",
        "type",
        type(push.msgType()),
        "outcome",
        label(push.reply().outcome()));
    if (push.reply().attempt() == PushReply.Attempt.RETRY_IN_MEMORY) {
      // the inbox's recognised retries are counted by its own event (below)
      count("bridge.push.duplicates", "account", push.appId().value(), "recognised_by", "memory");
    }
  }

  void forwarded(@Observes ForwardAttempt attempt) {
    meters
        .histogram(
            "bridge.udesk.forward",
            Meters.LATENCY_BUCKETS,
            "account",
            attempt.appId().value(),
            "outcome",
            label(attempt.delivery().status()))
        .record(attempt.delivery().elapsed());
  }

  void inbox(@Observes InboxEvent event) {
    String account = event.appId().value();
    switch (event.kind()) {
      case RETRY_RECOGNISED ->
          count("bridge.push.duplicates", "account", account, "recognised_by", "inbox");
      case LATE_REPLY -> count("bridge.inbox.late.replies", "account", account);
      case REDELIVERED ->
          count("bridge.inbox.redeliveries", "account", account, "outcome", "taken");
      case REDELIVERY_FAILED ->
          count("bridge.inbox.redeliveries", "account", account, "outcome", "not_taken");
      case EXPIRED -> count("bridge.inbox.expired", "account", account);
    }
  }

  private void count(String name, String... tags) {
    meters.counter(name, tags).increment();
  }

  static String type(String msgType) {
    if (msgType == null) {
      return "non_xml";
    }
    String type = msgType.trim().toLowerCase(Locale.ROOT);
    return MESSAGE_TYPES.contains(type) ? type : "other";
  }

  static String label(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }
}
