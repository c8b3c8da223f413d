package io.wxbridge.metrics.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.wxbridge.accounts.entity.AppId;
import io.wxbridge.wechatapi.entity.WeChatErrcode;
import org.junit.jupiter.api.Test;

class WeChatMetersTest {
  private static final AppId APP = new AppId("wx0123456789abcdef");
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final WeChatMeters wechat = new WeChatMeters();

  WeChatMetersTest() {
    wechat.meters = new Meters();
    wechat.meters.registry = registry;
  }

  @Test
  void errcodesBeyondABoundAreCountedAsOther() {
    for (int errcode = 1; errcode <= WeChatMeters.MOST_ERRCODE_LABELS + 50; errcode++) {
      wechat.errcode(new WeChatErrcode(APP, errcode));
    }
    wechat.errcode(new WeChatErrcode(APP, 1)); // one with a label of its own keeps it

    assertEquals(
        WeChatMeters.MOST_ERRCODE_LABELS + 1,
        registry.find("bridge.wechat.errcodes").counters().size(),
        "a label per errcode up to the bound, then one for the rest");
    assertEquals(2, count("1"));
    assertEquals(50, count("other"));
  }

  private double count(String errcode) {
    return registry.get("bridge.wechat.errcodes").tag("errcode", errcode).counter().count();
  }
}
