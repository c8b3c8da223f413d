package io.wxbridge.metrics.control;

import io.wxbridge.relay.entity.RelayedCall;
import io.wxbridge.token.entity.TokenFetch;
import io.wxbridge.videorecall.entity.UdeskVideoAttempt;
import io.wxbridge.wechatapi.entity.WeChatErrcode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts the bridge's calls out: token fetches, WeChat's errcodes, Udesk's calls relayed to WeChat,
 * and the attempts at Udesk's video API (docs/metrics.md).
 */
@ApplicationScoped
public class WeChatMeters {
  @Inject Meters meters;

  void tokenFetched(@Observes TokenFetch fetch) {
    meters
        .counter(
            "bridge.token.fetches",
            "account",
            fetch.appId().value(),
            "outcome",
            fetch.failure().isPresent() ? "failed" : "ok")
        .increment();
  }

  /**
   * At most this many errcodes become labels of their own, the rest "other": the errcode is what an
   * upstream sent, and a series per value would grow without bound behind a misbehaving proxy or
   * token server (WeChat's documented codes are a few hundred; an instance meets a handful).
   */
  static final int MOST_ERRCODE_LABELS = 100;

  private final Set<Integer> labelled = ConcurrentHashMap.newKeySet();

  void errcode(@Observes WeChatErrcode answer) {
    meters
        .counter(
            "bridge.wechat.errcodes",
            "account",
            answer.appId().value(),
            "errcode",
            label(answer.errcode()))
        .increment();
  }

  private String label(int errcode) {
    if (!labelled.contains(errcode) && labelled.size() < MOST_ERRCODE_LABELS) {
      labelled.add(errcode); // two threads may add it at once: both keep its label
    }
    return labelled.contains(errcode) ? String.valueOf(errcode) : "other";
  }

  void videoAttempt(@Observes UdeskVideoAttempt attempt) {
    meters.counter("bridge.udesk.video.attempts", "outcome", attempt.outcome()).increment();
  }

  void relayed(@Observes RelayedCall call) {
    meters
        .histogram(
            "bridge.udesk.calls",
            Meters.LATENCY_BUCKETS,
            "account",
            call.appId().value(),
            "operation",
            call.operation().name().toLowerCase(Locale.ROOT),
            "outcome",
            call.outcome().name().toLowerCase(Locale.ROOT))
        .record(call.elapsed());
  }
}
