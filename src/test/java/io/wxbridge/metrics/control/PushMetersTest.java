package io.wxbridge.metrics.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.wxbridge.accounts.entity.AppId;
import io.wxbridge.push.entity.PushHandled;
import io.wxbridge.push.entity.PushReply;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PushMetersTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final PushMeters pushes = new PushMeters();

  PushMetersTest() {
    pushes.meters = new Meters();
    pushes.meters.registry = registry;
  }

  @Test
  void aMessageTypeWeChatDoesNotDefineIsCountedAsOther() {
    pushes.pushed(push(" TEXT ", PushReply.nothing()));
    pushes.pushed(push("o6_bmjrPTlm6_2sgVt7hMZOPfL2M<script>", PushReply.nothing()));
    pushes.pushed(push(null, PushReply.nothing()));

    assertEquals(1, count("text"));
    assertEquals(1, count("other"), "a type WeChat does not define never becomes a label");
    assertEquals(1, count("non_xml"));
    assertNull(
        registry
            .find("bridge.pushes")
            .tag("type", "o6_bmjrPTlm6_2sgVt7hMZOPfL2M<script>")
            .counter());
  }

  @Test
  void aRetryCountsAsAPushAndAsADuplicate() {
    pushes.pushed(push("text", PushReply.passive(new byte[] {'<'}).retried()));

    assertEquals(
        1,
        registry
            .get("bridge.push.duplicates")
            .tags("account", "wx0123456789abcdef", "recognised_by", "memory")
            .counter()
            .count());
    assertEquals(
        1, registry.get("bridge.pushes").tag("outcome", "passive_reply").counter().count());
  }

  /** The inbox counts the retries it recognised itself (InboxEvent): not twice, not as memory's. */
  @Test
  void aRetryTheInboxRecognisedIsNotCountedAsMemorys() {
    pushes.pushed(push("text", PushReply.nothing().retriedFromInbox()));

    assertNull(registry.find("bridge.push.duplicates").counter());
    assertEquals(1, registry.get("bridge.pushes").tag("outcome", "no_reply").counter().count());
  }

  @Test
  void eachCounterIsBuiltOnceAndKept() {
    assertSame(
        pushes.meters.counter("bridge.x", "account", "a"),
        pushes.meters.counter("bridge.x", "account", "a"));
  }

  private double count(String type) {
    return registry.get("bridge.pushes").tag("type", type).counter().count();
  }

  private static PushHandled push(String msgType, PushReply reply) {
    return new PushHandled(
        new AppId("wx0123456789abcdef"), false, msgType, reply, Duration.ofMillis(3));
  }
}
