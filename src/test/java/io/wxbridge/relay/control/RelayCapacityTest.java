package io.wxbridge.relay.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;
import org.junit.jupiter.api.Test;

/** At most 64 relayed calls at once; the next is refused at once, and a call's end frees room. */
class RelayCapacityTest {
  @Test
  void theCallBeyondTheCapacityIsRefusedAtOnceAndRoomComesBack() throws Exception {
    RelayCapacity capacity = new RelayCapacity();
    CountDownLatch wechatAnswers = new CountDownLatch(1);
    CountDownLatch allStarted = new CountDownLatch(RelayCapacity.DEFAULT_LIMIT);
    List<CompletableFuture<String>> held = new ArrayList<>();
    for (int i = 0; i < RelayCapacity.DEFAULT_LIMIT; i++) {
      held.add(
          CompletableFuture.supplyAsync(
              () ->
                  capacity.call(
                      () -> {
                        allStarted.countDown();
                        await(wechatAnswers);
                        return "ok";
                      }),
              runnable -> new Thread(runnable).start()));
    }
    assertEquals(true, allStarted.await(10, TimeUnit.SECONDS));

    assertThrows(BulkheadException.class, () -> capacity.call(() -> "one too many"));

    wechatAnswers.countDown();
    for (CompletableFuture<String> call : held) {
      assertEquals("ok", call.get(10, TimeUnit.SECONDS));
    }
    assertEquals("again", capacity.call(() -> "again"));
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
