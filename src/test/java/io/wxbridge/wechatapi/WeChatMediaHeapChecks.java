package io.wxbridge.wechatapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wxbridge.testing.FakeMedia;
import io.wxbridge.testing.FakeWeChatApi;
import io.wxbridge.testing.HeapSampler;
import io.wxbridge.testing.TestBridge;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * Media is streamed, never held whole: 32 transfers of 20 MB each are in flight at once, 640 MB in
 * all, through a bridge whose heap is 512 MB (-Xmx512m in arquillian.xml). A bridge that read a
 * file into memory would need all of them at once and fail with OutOfMemoryError; this one passes
 * them through, and the largest used heap sampled from its /metrics meanwhile is reported (run by
 * BridgeIT).
 */
public abstract class WeChatMediaHeapChecks {
  private static final Logger LOG = Logger.getLogger(WeChatMediaHeapChecks.class.getName());
  private static final String APP = "wxtokenmedia00001";
  private static final int TRANSFERS = 32;
  private static final long TWENTY_MB = WeChatMediaChecks.TWENTY_MB;
  private final FakeWeChatApi wechat = TestBridge.wechat();

  /**
   * HTTP/1.1, one connection per transfer, as Udesk's transfers come: with h2c, one run of these
   * checks failed inside the client on WildFly (docs/relay.md, "HTTP/2").
   */
  private static final HttpClient HTTP_1_1 =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  @Test
  void downloadsTogetherLargerThanTheHeapAreStreamed() throws Exception {
    FakeMedia media =
        wechat.addGeneratedMedia(APP, "HEAP20MB", "video/mp4", "HEAP20MB.mp4", TWENTY_MB);
    String expected = media.sha256();
    long maxHeap =
        whileSamplingHeap(
            () -> {
              WeChatCalls calls = new WeChatCalls(APP, HTTP_1_1);
              List<HttpResponse<InputStream>> open = new ArrayList<>();
              for (int i = 0; i < TRANSFERS; i++) {
                open.add(calls.media("HEAP20MB")); // headers in, bodies not yet read: all in flight
              }
              return inParallel(
                  open.stream()
                      .map(
                          response ->
                              (Task)
                                  () -> {
                                    assertEquals(200, response.statusCode());
                                    try (InputStream body = response.body()) {
                                      assertEquals(expected, FakeMedia.sha256(body));
                                    }
                                  })
                      .toList());
            });
    LOG.info(
        () ->
            TRANSFERS
                + " concurrent 20 MB downloads: max used heap of the bridge "
                + maxHeap / (1024 * 1024)
                + " MB (-Xmx512m)");
  }

  @Test
  void uploadsTogetherLargerThanTheHeapAreStreamed() throws Exception {
    String expected = FakeMedia.sha256(FakeMedia.generatedContent(TWENTY_MB));
    List<Task> uploads = new ArrayList<>();
    List<String> mediaIds = new CopyOnWriteArrayList<>();
    for (int i = 0; i < TRANSFERS; i++) {
      String name = "heap-" + i + ".mp4";
      uploads.add(
          () -> {
            HttpResponse<String> uploaded =
                new WeChatCalls(APP, HTTP_1_1)
                    .upload(
                        "video",
                        name,
                        "video/mp4",
                        () -> FakeMedia.generatedContent(TWENTY_MB),
                        TWENTY_MB);
            assertEquals(200, uploaded.statusCode(), uploaded.body());
            mediaIds.add(WeChatCalls.json(uploaded).getString("media_id"));
          });
    }
    long maxHeap = whileSamplingHeap(() -> inParallel(uploads));
    assertEquals(TRANSFERS, mediaIds.size());
    for (String mediaId : mediaIds) {
      FakeMedia stored = wechat.media(APP, mediaId).orElseThrow();
      assertEquals(TWENTY_MB, stored.length());
      assertEquals(expected, stored.sha256());
    }
    LOG.info(
        () ->
            TRANSFERS
                + " concurrent 20 MB uploads: max used heap of the bridge "
                + maxHeap / (1024 * 1024)
                + " MB (-Xmx512m)");
  }

  private interface Task {
    void run() throws Exception;
  }

  private interface Transfers {
    Void run() throws Exception;
  }

  private static Void inParallel(List<Task> tasks) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
    try {
      List<Future<?>> running = new ArrayList<>();
      for (Task task : tasks) {
        running.add(
            pool.submit(
                () -> {
                  task.run();
                  return null;
                }));
      }
      for (Future<?> done : running) {
        done.get();
      }
      return null;
    } finally {
      pool.shutdownNow();
    }
  }

  /** Runs the transfers while sampling the bridge's used heap; returns the largest sample. */
  private static long whileSamplingHeap(Transfers transfers) throws Exception {
    try (HeapSampler heap = new HeapSampler()) {
      transfers.run();
      assertTrue(heap.peakBytes() > 0, "the bridge's /metrics reported its used heap");
      return heap.peakBytes();
    }
  }
}
