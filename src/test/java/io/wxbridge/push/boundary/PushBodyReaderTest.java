package io.wxbridge.push.boundary;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wxbridge.push.control.PushRejectedException;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PushBodyReaderTest {
  private static final byte[] PUSH =
      "<xml><MsgId>1</MsgId></xml>".repeat(700).getBytes(StandardCharsets.UTF_8);

  private final PushBodyReader reader = new PushBodyReader();

  @Test
  void theDeclaredLengthIsTheHeadersNumberOrNone() {
    assertEquals(123, PushBodyReader.declared("123"));
    assertEquals(-1, PushBodyReader.declared(null), "a chunked body declares none");
    assertEquals(-1, PushBodyReader.declared("twelve"));
    assertEquals(-1, PushBodyReader.declared("-5"));
  }

  @Test
  void aBodyIsReadWholeWithOrWithoutADeclaredLength() {
    assertArrayEquals(PUSH, reader.read(new ByteArrayInputStream(PUSH), PUSH.length));
    assertArrayEquals(PUSH, reader.read(new ByteArrayInputStream(PUSH), -1));
  }

  @Test
  void aBodyShorterThanDeclaredIsWhatArrived() {
    assertArrayEquals(PUSH, reader.read(new ByteArrayInputStream(PUSH), PUSH.length + 100));
  }

  @Test
  void overTheLimitIsRefusedWhetherDeclaredOrCounted() {
    byte[] large = new byte[PushBodyReader.DEFAULT_LIMIT + 1];
    PushRejectedException declared =
        assertThrows(
            PushRejectedException.class,
            () -> reader.read(new ByteArrayInputStream(large), large.length));
    PushRejectedException counted =
        assertThrows(
            PushRejectedException.class, () -> reader.read(new ByteArrayInputStream(large), -1));
    assertEquals(413, declared.status());
    assertEquals(413, counted.status());
  }

  /** A body that has not arrived: its bytes come only once {@code arrive} is counted down. */
  private static InputStream stalled(CountDownLatch arrive, CountDownLatch reading) {
    return new ByteArrayInputStream(PUSH) {
      @Override
      public synchronized int available() {
        return arrive.getCount() == 0 ? super.available() : 0;
      }

      @Override
      public synchronized int read(byte[] buffer, int offset, int length) {
        reading.countDown();
        try {
          arrive.await();
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
        }
        return super.read(buffer, offset, length);
      }
    };
  }

  private byte[] awaited(InputStream body, long declared) {
    return reader.read(reader.awaitIfSlow(body, declared, () -> false).orElse(body), declared);
  }

  @Test
  void slowBodiesBeyondTheLimitAreRefusedAtOnceWhileBodiesThatArrivedAreRead() throws Exception {
    CountDownLatch arrive = new CountDownLatch(1);
    CountDownLatch reading = new CountDownLatch(PushBodyReader.DEFAULT_SLOW_BODIES);
    List<CompletableFuture<byte[]>> slow = new ArrayList<>();
    for (int i = 0; i < PushBodyReader.DEFAULT_SLOW_BODIES; i++) {
      InputStream body = stalled(arrive, reading);
      slow.add(
          CompletableFuture.supplyAsync(
              () -> awaited(body, PUSH.length), runnable -> new Thread(runnable).start()));
    }
    try {
      assertTrue(reading.await(10, TimeUnit.SECONDS), "every slow body is being awaited");
      PushRejectedException busy =
          assertThrows(
              PushRejectedException.class,
              () ->
                  reader.awaitIfSlow(
                      stalled(arrive, new CountDownLatch(1)), PUSH.length, () -> false));
      assertEquals(503, busy.status());
      assertThrows(
          PushRejectedException.class,
          () -> reader.awaitIfSlow(stalled(arrive, new CountDownLatch(1)), -1, () -> false),
          "a chunked body is never known to have arrived");
      assertTrue(
          reader.awaitIfSlow(new ByteArrayInputStream(PUSH), PUSH.length, () -> false).isEmpty(),
          "a body that came whole with its headers needs no permit");
      assertTrue(
          reader
              .awaitIfSlow(stalled(arrive, new CountDownLatch(1)), PUSH.length, () -> true)
              .isEmpty(),
          "nor does a push WeChat signed, however slow its body");
    } finally {
      arrive.countDown();
    }
    for (CompletableFuture<byte[]> body : slow) {
      assertArrayEquals(PUSH, body.get(10, TimeUnit.SECONDS));
    }
    assertArrayEquals(
        PUSH, awaited(stalled(arrive, new CountDownLatch(1)), -1), "permits are given back");
  }

  @Test
  void anAwaitedBodyKeepsTheReadersRefusals() {
    byte[] large = new byte[PushBodyReader.DEFAULT_LIMIT + 1];
    InputStream chunked =
        new ByteArrayInputStream(large) {
          @Override
          public synchronized int available() {
            return 0;
          }
        };
    assertEquals(
        413, assertThrows(PushRejectedException.class, () -> awaited(chunked, -1)).status());
    InputStream broken =
        new InputStream() {
          @Override
          public int read() throws java.io.IOException {
            throw new java.io.IOException("reset");
          }
        };
    assertEquals(
        400, assertThrows(PushRejectedException.class, () -> awaited(broken, 100)).status());
  }
}
