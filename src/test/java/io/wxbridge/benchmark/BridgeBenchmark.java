package io.wxbridge.benchmark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wxbridge.push.PushMode;
import io.wxbridge.push.SimulatedWeChat;
import io.wxbridge.push.WeChatAccount;
import io.wxbridge.push.WeChatMessages;
import io.wxbridge.testing.FakeMedia;
import io.wxbridge.testing.FakeUdesk;
import io.wxbridge.testing.HeapSampler;
import io.wxbridge.testing.TestBridge;
import io.wxbridge.wechatapi.WeChatCalls;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The speed and memory targets, proved against the real WAR in Payara Micro with the suite's fake
 * WeChat and Udesk: {@code mvn verify -Pbenchmark}. Not part of the test suite (it loads the machine
 * for a minute); each target is an assertion, so a missed target fails the run. Figures are written to
 * target/benchmark/results.md.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BridgeBenchmark {
  private static final Logger LOG = Logger.getLogger(BridgeBenchmark.class.getName());
  /** WeChat waits 5 s in all; the bridge's own share must leave Udesk nearly all of it. */
  static final long PUSH_P99_TARGET_MS = 500;
  /** With Udesk hanging, WeChat must still hear back before its 5 s. */
  static final long FALLBACK_MAX_TARGET_MS = 4_800;
  private static final List<String> ROWS = new ArrayList<>();
  /** 12 transfers of 20 MB in flight at once: 240 MiB, more than the bridge's heap holds besides itself. */
  static final int MEDIA_CONCURRENCY = 12;
  static final int MEDIA_TRANSFERS = 36;
  static final long TWENTY_MB = 20L << 20;
  static final String MEDIA_APP = "wxtokenmedia00001";

  @Deployment(testable = false)
  static WebArchive bridge() {
    TestBridge.start();
    return ShrinkWrap.createFromZipFile(WebArchive.class, TestBridge.war().toFile());
  }

  @Test
  @Order(1)
  void warmUp() throws Exception {
    LatencyReport warm = pushes("warm-up (not a target)", PushMode.SAFE, 300, 8, FakeUdesk.MARK_REPLY);
    assertEquals(0, warm.failures());
  }

  @Test
  @Order(2)
  void plaintextPushRoundTrip() throws Exception {
    LatencyReport report = pushes("push, plaintext, Udesk replies", PushMode.PLAINTEXT, 2000, 16, FakeUdesk.MARK_REPLY);
    assertEquals(0, report.failures());
    assertTrue(report.percentile(99) < PUSH_P99_TARGET_MS, "p99 under " + PUSH_P99_TARGET_MS + " ms: " + report.row());
  }

  @Test
  @Order(3)
  void safeModePushRoundTrip() throws Exception {
    LatencyReport report = pushes("push, safe mode, Udesk replies (decrypt + encrypt)", PushMode.SAFE, 2000, 16,
        FakeUdesk.MARK_REPLY);
    assertEquals(0, report.failures());
    assertTrue(report.percentile(99) < PUSH_P99_TARGET_MS, "p99 under " + PUSH_P99_TARGET_MS + " ms: " + report.row());
  }

  @Test
  @Order(4)
  void slowUdeskStillAnswersWeChatInTime() throws Exception {
    LatencyReport report = pushes("push, Udesk hangs (fallback)", PushMode.SAFE, 100, 100, FakeUdesk.MARK_SLOW);
    assertEquals(0, report.failures());
    assertTrue(report.max() < FALLBACK_MAX_TARGET_MS, "every fallback answered within " + FALLBACK_MAX_TARGET_MS + " ms: " + report.row());
  }

  @Test
  @Order(5)
  void mediaDownloadsStreamThroughASmallHeap() throws Exception {
    FakeMedia media = TestBridge.wechat().addGeneratedMedia(MEDIA_APP, "BENCH20MB", "video/mp4", "BENCH20MB.mp4",
        TWENTY_MB);
    String expected = media.sha256();
    transfers("media get, 20 MB each", () -> LoadRun.run("media get", MEDIA_TRANSFERS, MEDIA_CONCURRENCY,
        Duration.ofMinutes(5), i -> {
          HttpResponse<InputStream> download = new WeChatCalls(MEDIA_APP).media("BENCH20MB");
          try (InputStream body = download.body()) {
            return download.statusCode() == 200 && expected.equals(FakeMedia.sha256(body));
          }
        }));
  }

  @Test
  @Order(6)
  void mediaUploadsStreamThroughASmallHeap() throws Exception {
    transfers("media upload, 20 MB each", () -> LoadRun.run("media upload", MEDIA_TRANSFERS, MEDIA_CONCURRENCY,
        Duration.ofMinutes(5), i -> new WeChatCalls(MEDIA_APP).upload("video", "bench-" + i + ".mp4", "video/mp4",
            () -> FakeMedia.generatedContent(TWENTY_MB), TWENTY_MB).statusCode() == 200));
  }

  /** Runs media transfers while sampling the bridge's heap; the target is that none fails on a heap smaller
   *  than the bytes in flight, which only streaming can meet. */
  private void transfers(String scenario, Transfers run) throws Exception {
    LatencyReport report;
    long peak;
    try (HeapSampler heap = new HeapSampler()) {
      report = run.go();
      peak = heap.peakBytes();
    }
    double megabytesPerSecond = MEDIA_TRANSFERS * (double) TWENTY_MB / (1 << 20)
        / Math.max(0.001, report.wallClock().toMillis() / 1000.0);
    record(report.row() + String.format(java.util.Locale.ROOT, " %.0f MiB/s; %d MiB in flight, peak used heap %d MiB"
        + " of -Xmx256m |", megabytesPerSecond, MEDIA_CONCURRENCY * TWENTY_MB >> 20, peak >> 20));
    assertEquals(0, report.failures(), report.row());
    assertTrue(peak > 0 && peak < 256L << 20, "peak used heap " + peak);
  }

  private interface Transfers {
    LatencyReport go() throws Exception;
  }

  private LatencyReport pushes(String scenario, PushMode mode, int count, int concurrency, String marker)
      throws InterruptedException {
    String run = Long.toString(System.nanoTime(), 36);
    LatencyReport report = LoadRun.run(scenario, count, concurrency, Duration.ofMinutes(3), i -> {
      String message = WeChatMessages.of(WeChatMessages.TEXT, marker + " bench-" + run + "-" + i);
      return SimulatedWeChat.push(WeChatAccount.AES, mode, message).status() == 200;
    });
    record(report.row());
    return report;
  }

  static void record(String row) {
    ROWS.add(row);
    LOG.info(row);
  }

  @AfterAll
  static void writeResults() throws IOException {
    Path results = Path.of("target", "benchmark", "results.md");
    Files.createDirectories(results.getParent());
    Files.writeString(results, "# Benchmark results\n\n" + LatencyReport.header() + "\n" + String.join("\n", ROWS)
        + "\n");
  }
}
