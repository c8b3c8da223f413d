package io.wxbridge.relay.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.wxbridge.relay.entity.UdeskOperation;
import io.wxbridge.testing.MapConfig;
import io.wxbridge.wechatapi.entity.MediaDownload;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;
import org.junit.jupiter.api.Test;

/**
 * At most 64 relayed calls at once; the next is refused at once, and a call's end frees room. Media
 * transfers count apart: stalled ones take no room from messages, nor messages from them.
 */
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
                      UdeskOperation.SEND_MESSAGE,
                      () -> {
                        allStarted.countDown();
                        await(wechatAnswers);
                        return "ok";
                      }),
              runnable -> new Thread(runnable).start()));
    }
    assertEquals(true, allStarted.await(10, TimeUnit.SECONDS));

    assertThrows(
        BulkheadException.class,
        () -> capacity.call(UdeskOperation.USER_INFO, () -> "one too many"));
    assertEquals(
        "media apart",
        capacity.call(UdeskOperation.UPLOAD_MEDIA, () -> "media apart"),
        "a media transfer still has room");

    wechatAnswers.countDown();
    for (CompletableFuture<String> call : held) {
      assertEquals("ok", call.get(10, TimeUnit.SECONDS));
    }
    assertEquals("again", capacity.call(UdeskOperation.TEMPLATE_LIST, () -> "again"));
  }

  @Test
  void aLimitBelowOneMeansTheDefaultNotNoCallAtAll() {
    RelayCapacity capacity = new RelayCapacity();
    capacity.config =
        MapConfig.of(
            Map.of(
                RelayCapacity.LIMIT, "0",
                RelayCapacity.MEDIA_LIMIT, "-1",
                RelayCapacity.SLOW_BODIES, "0"));
    capacity.readLimit();
    assertEquals("served", capacity.call(UdeskOperation.SEND_MESSAGE, () -> "served"));
    assertEquals("served", capacity.call(UdeskOperation.UPLOAD_MEDIA, () -> "served"));
    assertEquals(0, capacity.awaitMessage(bodyOf(""), null).length, "a body is awaited");
  }

  /** A download's bytes stream after its headers came: its permit is held until they went on. */
  @Test
  void aDownloadHoldsItsPermitUntilItsBytesWentOn() {
    RelayCapacity capacity = new RelayCapacity();
    List<MediaDownload> streaming = new ArrayList<>();
    for (int i = 0; i < RelayCapacity.DEFAULT_LIMIT; i++) {
      streaming.add(streaming(capacity));
    }
    assertThrows(
        BulkheadException.class,
        () -> capacity.call(UdeskOperation.UPLOAD_MEDIA, () -> "one too many"),
        "every media permit goes with a download still streaming");
    streaming.get(0).close();
    streaming.get(0).close(); // once only
    assertEquals("room again", capacity.call(UdeskOperation.UPLOAD_MEDIA, () -> "room again"));
    streaming.add(streaming(capacity));
    assertThrows(
        BulkheadException.class,
        () -> capacity.call(UdeskOperation.UPLOAD_MEDIA, () -> "one too many"),
        "a second close gave back no second permit");
  }

  @Test
  void stalledMediaTransfersTakeNoRoomFromMessages() throws Exception {
    RelayCapacity capacity = new RelayCapacity();
    CountDownLatch udeskResumes = new CountDownLatch(1);
    CountDownLatch allStarted = new CountDownLatch(RelayCapacity.DEFAULT_LIMIT);
    List<CompletableFuture<String>> held = new ArrayList<>();
    for (int i = 0; i < RelayCapacity.DEFAULT_LIMIT; i++) {
      UdeskOperation transfer = i % 2 == 0 ? UdeskOperation.UPLOAD_MEDIA : UdeskOperation.GET_MEDIA;
      held.add(
          CompletableFuture.supplyAsync(
              () ->
                  capacity.call(
                      transfer,
                      () -> {
                        allStarted.countDown();
                        await(udeskResumes);
                        return "ok";
                      }),
              runnable -> new Thread(runnable).start()));
    }
    assertEquals(true, allStarted.await(10, TimeUnit.SECONDS));

    assertThrows(
        BulkheadException.class,
        () -> capacity.call(UdeskOperation.GET_MEDIA, () -> "one transfer too many"));
    assertEquals("sent", capacity.call(UdeskOperation.SEND_MESSAGE, () -> "sent"));

    udeskResumes.countDown();
    for (CompletableFuture<String> call : held) {
      assertEquals("ok", call.get(10, TimeUnit.SECONDS));
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * A message body that came with its headers takes no permit; one still arriving holds one while
   * it is awaited, one more than bridge.relay.max-slow-bodies is refused at once, and the permits
   * come back when the bodies are in.
   */
  @Test
  void messageBodiesStillArrivingAreAwaitedWithinTheirOwnLimit() throws Exception {
    RelayCapacity capacity = new RelayCapacity();
    for (int round = 0; round < 2; round++) { // the second finds every permit back
      CountDownLatch bodiesGo = new CountDownLatch(1);
      List<CompletableFuture<byte[]>> awaited = awaitStalledBodies(capacity, bodiesGo);
      assertThrows(
          BulkheadException.class,
          () -> capacity.awaitMessage(stalledBody(new CountDownLatch(1), bodiesGo), 3L));
      assertEquals(
          "abc",
          new String(capacity.awaitMessage(bodyOf("abc"), 3L), StandardCharsets.UTF_8),
          "a body that came with its headers needs no permit");
      bodiesGo.countDown();
      for (CompletableFuture<byte[]> body : awaited) {
        assertEquals(3, body.get(10, TimeUnit.SECONDS).length);
      }
    }
  }

  /**
   * A body without a declared length (chunked) is awaited with a permit, an empty one needs none,
   * and a read that fails gives its permit back; a declared length over 1 MiB is refused 413 before
   * anything is read.
   */
  @Test
  void undeclaredEmptyFailingAndTooLargeBodies() throws Exception {
    RelayCapacity capacity = new RelayCapacity();
    CountDownLatch bodiesGo = new CountDownLatch(1);
    List<CompletableFuture<byte[]>> awaited = awaitStalledBodies(capacity, bodiesGo);
    assertThrows(BulkheadException.class, () -> capacity.awaitMessage(bodyOf("abc"), null));
    assertEquals(0, capacity.awaitMessage(bodyOf(""), 0L).length);
    UdeskCallException tooLarge =
        assertThrows(
            UdeskCallException.class,
            () -> capacity.awaitMessage(bodyOf(""), UdeskRelay.MAX_MESSAGE_BYTES + 1L));
    assertEquals(413, tooLarge.status());
    bodiesGo.countDown();
    for (CompletableFuture<byte[]> body : awaited) {
      body.get(10, TimeUnit.SECONDS);
    }
    for (int i = 0; i <= RelayCapacity.DEFAULT_SLOW_BODIES; i++) {
      UdeskCallException cutOff =
          assertThrows(UdeskCallException.class, () -> capacity.awaitMessage(failingBody(), 10L));
      assertEquals(400, cutOff.status(), "a body cut off, and its permit back");
    }
  }

  /** bridge.relay.max-slow-bodies bodies, each awaited and stalled until {@code go} opens. */
  private static List<CompletableFuture<byte[]>> awaitStalledBodies(
      RelayCapacity capacity, CountDownLatch go) throws InterruptedException {
    CountDownLatch allWaiting = new CountDownLatch(RelayCapacity.DEFAULT_SLOW_BODIES);
    List<CompletableFuture<byte[]>> awaited = new ArrayList<>();
    for (int i = 0; i < RelayCapacity.DEFAULT_SLOW_BODIES; i++) {
      awaited.add(
          CompletableFuture.supplyAsync(
              () -> capacity.awaitMessage(stalledBody(allWaiting, go), 3L),
              runnable -> new Thread(runnable).start()));
    }
    assertEquals(true, allWaiting.await(10, TimeUnit.SECONDS));
    return awaited;
  }

  private static InputStream bodyOf(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }

  private static InputStream failingBody() {
    return new InputStream() {
      @Override
      public int read() throws IOException {
        throw new IOException("connection reset");
      }
    };
  }

  /** Three bytes that come once {@code go} opens; nothing is available before. */
  private static InputStream stalledBody(CountDownLatch waiting, CountDownLatch go) {
    return new InputStream() {
      private int left = 3;

      @Override
      public int available() {
        return go.getCount() == 0 ? left : 0;
      }

      @Override
      public int read() {
        waiting.countDown();
        await(go);
        return left-- > 0 ? 'x' : -1;
      }
    };
  }

  /** A download whose bytes are still to be passed on (its permit held until it is closed). */
  private static MediaDownload streaming(RelayCapacity capacity) {
    return capacity.call(
        UdeskOperation.GET_MEDIA,
        () -> new MediaDownload(200, Map.of(), new ByteArrayInputStream(new byte[10]), () -> {}));
  }
}
