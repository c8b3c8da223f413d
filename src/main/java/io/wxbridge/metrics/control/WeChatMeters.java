package io.wxbridge.metrics.control;

import io.wxbridge.relay.entity.RelayedCall;
import io.wxbridge.token.entity.TokenFetch;
import io.wxbridge.wechatapi.entity.WeChatErrcode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Locale;

/**
 * Counts the bridge's side of the WeChat API: token fetches, WeChat's errcodes, and Udesk's calls
 * relayed to it (docs/metrics.md).
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

  void errcode(@Observes WeChatErrcode answer) {
    meters
        .counter(
            "bridge.wechat.errcodes",
            "account",
            answer.appId().value(),
            "errcode",
            String.valueOf(answer.errcode()))
        .increment();
  }

  void relayed(@Observes RelayedCall call) {
    meters
        .counter(
            "bridge.udesk.calls",
            "account",
            call.appId().value(),
            "operation",
            call.operation().name().toLowerCase(Locale.ROOT),
            "outcome",
            call.outcome().name().toLowerCase(Locale.ROOT))
        .increment();
  }
}
