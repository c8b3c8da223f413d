package io.wxbridge.benchmark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.wxbridge.benchmark.Targets.Way;
import io.wxbridge.benchmark.naive.NaiveRelayProcess;
import io.wxbridge.benchmark.trivial.TrivialRelayResource;
import io.wxbridge.metrics.Scrape;
import io.wxbridge.push.PushMode;
import io.wxbridge.testing.TestBridge;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.ToDoubleFunction;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The benchmark ({@code mvn verify -Pbenchmark}; {@code -Dbenchmark.smoke} for a seconds-long run):
 * the real WAR in Payara Micro, plus a trivial relay deployed in the same server (the platform's
 * ceiling), against lean fakes of Udesk and the WeChat API that run in this JVM. Every scenario is
 * run side by side on three paths (direct to the fake, trivial relay, bridge), pushes and sends on
 * a fourth too, the naive relay (WxJava on Spring Boot, in a JVM of its own), each after its own
 * warm-up, with one shared load client. It prints a table and writes
 * target/benchmark/results.{md,json}.
 *
 * <p>It never asserts a timing: the machine is shared and figures are only comparable within one
 * run. What it does check, and fails on: every answer well-formed (status, body, bytes; a sample of
 * safe-mode replies decrypted with WxJava) and every request the fakes got well-formed, after every
 * run of a side-by-side scenario, warm-ups included ({@link #refuseUnlessClean}).
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BridgeBenchmark {
  private static final Logger LOG = Logger.getLogger(BridgeBenchmark.class.getName());
  private static final long WECHAT_DEADLINE_MILLIS = 5_000;

  /** The inbox's one database thread (database.control.GroupCommit names it so). */
  private static final String INBOX_WRITER = "bridge-group-commit";

  private static final Duration DRAIN = Duration.ofSeconds(60);

  /** How long a backlog may take to reach Udesk once it is back: a bound, not a measurement. */
  private static final Duration BACKLOG_BOUND = Duration.ofSeconds(300);

  /** How long a fault scenario waits for the bridge to answer pushes again. */
  private static final Duration RECOVERY = Duration.ofSeconds(60);

  /**
   * How long the burst's pushes may stay open once Udesk took them all: a claim's lease
   * (bridge.inbox.lease, 60 s) and two redelivery passes (bridge.inbox.poll-interval, 1 s), the
   * longest a push whose outcome was lost waits before it is delivered again.
   */
  private static final Duration LEASE_AND_TWO_PASSES = Duration.ofSeconds(62);

  /** One redelivery pass (bridge.inbox.poll-interval): what may still be on its way to Udesk. */
  private static final Duration ONE_PASS = Duration.ofSeconds(1);

  /**
   * What a hanging Udesk may add to Payara's threads: the account's forward pool
   * (bridge.udesk.max-concurrent-forwards, 64), the completion pool
   * (bridge.push.completion-threads, 32) and, were pushes ever to hold them, all of Payara Micro's
   * 200 request threads.
   */
  private static final int HANGING_UDESK_THREADS = 64 + 32 + 200;

  /**
   * The bridge's own threads (named bridge-…, outbound.entity.PoolName) that a hanging Udesk may
   * add: the hanging account's forward pool (64), the completion pool (32) and, at most, every pool
   * that is not an account's (the push deadline's timer, token fetches for six accounts, late-reply
   * senders, the inbox's outcome, look-up and retry pools: 26 together). Unlike the count above, a
   * thread per push goes past it in the smoke's few hundred pushes.
   */
  private static final int HANGING_UDESK_BRIDGE_THREADS = 64 + 32 + 26;

  private static final String BRIDGE_THREADS = "bridge-";

  /** How often the fault scenarios read the bridge's pools from its metrics. */
  private static final long POOL_SAMPLES_MILLIS = 1_000;

  private static final Report REPORT = new Report();
  private static BenchSettings settings;
  private static BenchUdesk udesk;
  private static BenchWeChat wechat;

  /** The fakes' counts of requests they could not take at the last check. */
  private static long udeskMalformedBefore;

  private static long wechatMalformedBefore;
  private static ServerProcess payara;
  private static NaiveRelayProcess naiveRelay;
  private static LoadClient load;
  private static Targets targets;

  /**
   * Payara's RSS before the first media scenario: each scenario's growth is also reported from it,
   * since a later scenario's paths start where the earlier one's peaks left the process.
   */
  private static long mediaBaseline;

  /** The bridge's open-loop run at the fixed rate, the baseline of the WeChat-hangs scenario. */
  private static Outcome bridgeAtFixedRate;

  @Deployment(testable = false)
  static WebArchive bridge() {
    settings = BenchSettings.fromSystemProperties();
    udesk = new BenchUdesk(settings.upstreamHangMillis());
    wechat = new BenchWeChat(settings.upstreamHangMillis(), settings.mediaBytes());
    writeConfiguration();
    return ShrinkWrap.createFromZipFile(WebArchive.class, TestBridge.war().toFile())
        .addPackage(TrivialRelayResource.class.getPackage());
  }

  /**
   * src/test/resources/benchmark/bridge-benchmark.properties with the fakes' URLs, where
   * arquillian.xml reads it.
   */
  private static void writeConfiguration() {
    try (InputStream template =
        BridgeBenchmark.class.getResourceAsStream("/benchmark/bridge-benchmark.properties")) {
      String config =
          new String(template.readAllBytes(), StandardCharsets.UTF_8)
              .replace("${bench.udesk}", udesk.url("").toString())
              .replace("${bench.wechat}", wechat.url("").toString())
              .replace("${bench.data}", freshDataDir().toString());
      Files.createDirectories(TestBridge.itDir());
      Files.writeString(TestBridge.itDir().resolve("bridge-benchmark.properties"), config);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An empty inbox for every run: figures must not depend on what earlier runs left. */
  private static Path freshDataDir() throws IOException {
    Path dir = TestBridge.itDir().resolve("benchmark-data");
    if (Files.exists(dir)) {
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(file);
        }
      }
    }
    return dir;
  }

  @BeforeAll
  static void connect() throws Exception {
    payara = ServerProcess.listeningOn(System.getProperty("bridge.it.port"));
    naiveRelay =
        NaiveRelayProcess.start(
            TestBridge.itDir(),
            Targets.naiveAccounts(),
            udesk.url("/weixin/naive"),
            wechat.url(""));
    load =
        new LoadClient(
            new CpuMeter(
                payara,
                TestBridge.itDir().resolve(GcPauses.LOG_FILE),
                ServerProcess.of(naiveRelay.pid()),
                TestBridge.itDir().resolve(NaiveRelayProcess.GC_LOG)));
    targets =
        new Targets(TestBridge.url("/"), naiveRelay.url(""), udesk, wechat, settings.mediaBytes());
    LOG.info(
        () ->
            "benchmark "
                + settings
                + ", Payara Micro pid "
                + payara.pid()
                + ", naive relay pid "
                + naiveRelay.pid());
    warmUpTheJvms();
  }

  /**
   * The JVMs (Payara's, the naive relay's, and this one's load client and fakes) compile their hot
   * code before the first measurement: with only each scenario's 10 s warm-up, the first scenario
   * measured JIT compilation on 2 cores (in consecutive full runs on 2026-12-03 the trivial relay's
   * plaintext pushes ran at 1,805/s without this warm-up, 3,189/s with it). Each path gets its
   * share of {@code jitWarmUp}, then goes on in {@value #JIT_CHUNK_SECONDS} s steps while a JVM's
   * compilers still work (more than {@value #JIT_SETTLED_CORES} of a core), for at most {@code
   * jitSettle} more: a fixed share was not enough for the bridge, whose paths run more code than
   * the trivial relay's (Payara's C2 compiler took 0.33–0.45 cores during each of the bridge's
   * measured plaintext rounds after 10 s, none after about a minute). Figures logged, not kept.
   */
  private static void warmUpTheJvms() throws Exception {
    if (settings.jitWarmUp().isZero()) {
      return;
    }
    List<Function<Way, IntFunction<Call>>> scenarios =
        List.of(BridgeBenchmark::plaintextPush, BridgeBenchmark::safeModePush, targets::send);
    Duration share = settings.jitWarmUp().dividedBy(scenarios.size() * Way.values().length);
    Duration step = Duration.ofSeconds(JIT_CHUNK_SECONDS);
    for (Function<Way, IntFunction<Call>> calls : scenarios) {
      for (Way way : Way.values()) {
        unmeasured(
            JIT_WARM_UP,
            load.closed(way.label + " JIT warm-up", settings.callers(), share, calls.apply(way)));
        untilJitSettles(
            settings.jitSettle(),
            () ->
                unmeasured(
                    JIT_WARM_UP,
                    load.closed(
                        way.label + " JIT settling", settings.callers(), step, calls.apply(way))));
      }
    }
  }

  /**
   * Runs {@code step} again while a JVM's JIT compilers (Payara's, the naive relay's, this one's)
   * still take more than {@value #JIT_SETTLED_CORES} of a core, until {@code bound} has passed.
   */
  private static void untilJitSettles(Duration bound, Callable<Outcome> step) throws Exception {
    long deadline = System.nanoTime() + bound.toNanos();
    while (System.nanoTime() < deadline) {
      Outcome last = step.call();
      if (last.cpu().payaraJit() < JIT_SETTLED_CORES
          && last.cpu().naiveRelayJit() < JIT_SETTLED_CORES
          && last.cpu().testJvmJit() < JIT_SETTLED_CORES) {
        return;
      }
    }
  }

  static final int JIT_CHUNK_SECONDS = 5;

  /**
   * Payara's compilers kept taking 0.05–0.3 of a core through 90 s of media batches; the bridge's
   * uploads stopped rising after about 25 s.
   */
  static final Duration MEDIA_SETTLE = Duration.ofSeconds(30);

  static final double JIT_SETTLED_CORES = 0.05;
  private static final String JIT_WARM_UP = "JIT warm-up";

  private static IntFunction<Call> plaintextPush(Way way) {
    return targets.push(way, PushMode.PLAINTEXT);
  }

  private static IntFunction<Call> safeModePush(Way way) {
    return targets.push(way, PushMode.SAFE);
  }

  @Test
  @Order(1)
  void plaintextPushes() throws Exception {
    Map<Way, Outcome> runs =
        closedLoop("plaintext push round trips", BridgeBenchmark::plaintextPush);
    REPORT.throughput(
        "plaintext push round trips",
        runs.get(Way.DIRECT),
        runs.get(Way.TRIVIAL),
        runs.get(Way.BRIDGE),
        runs.get(Way.NAIVE));
  }

  @Test
  @Order(2)
  void safeModePushes() throws Exception {
    Map<Way, Outcome> runs =
        closedLoop("safe-mode push round trips", BridgeBenchmark::safeModePush);
    REPORT.throughput(
        "safe-mode push round trips",
        runs.get(Way.DIRECT),
        runs.get(Way.TRIVIAL),
        runs.get(Way.BRIDGE),
        runs.get(Way.NAIVE));
  }

  @Test
  @Order(3)
  void customerServiceSends() throws Exception {
    Map<Way, Outcome> runs =
        closedLoop("customer-service send (form → JSON → WeChat)", targets::send);
    REPORT.throughput(
        "customer-service send (form → JSON → WeChat)",
        runs.get(Way.DIRECT),
        runs.get(Way.TRIVIAL),
        runs.get(Way.BRIDGE),
        runs.get(Way.NAIVE));
  }

  @Test
  @Order(4)
  void latencyAtAFixedRate() throws Exception {
    String scenario = "plaintext push p99 at " + settings.openRate() + "/s (open loop)";
    Map<Way, Outcome> runs =
        sideBySide(
            scenario,
            BridgeBenchmark::plaintextPush,
            (label, duration, calls) ->
                load.open(label, settings.openRate(), duration, DRAIN, calls),
            outcome -> outcome.millis(99));
    REPORT.latency(
        scenario,
        runs.get(Way.DIRECT),
        runs.get(Way.TRIVIAL),
        runs.get(Way.BRIDGE),
        runs.get(Way.NAIVE));
    bridgeAtFixedRate = runs.get(Way.BRIDGE);
  }

  @Test
  @Order(6)
  void mediaDownloads() throws Exception {
    media(
        settings.mediaTransfers()
            + " × "
            + settings.mediaBytes() / (1 << 20)
            + " MiB media downloads, "
            + settings.mediaCallers()
            + " at once",
        targets::download);
  }

  @Test
  @Order(7)
  void mediaUploads() throws Exception {
    media(
        settings.mediaTransfers()
            + " × "
            + settings.mediaBytes() / (1 << 20)
            + " MiB media uploads, "
            + settings.mediaCallers()
            + " at once",
        targets::upload);
  }

  /**
   * Transfers with the Payara JVM's resident memory sampled: streaming keeps it flat, buffering
   * does not. One batch of 50 moves a few seconds' worth, and single GC pauses or a neighbour's
   * burst moved one path's figure by half between runs: the paths take turns for {@code rounds}
   * rounds, and each is reported by its median round (every round is in the results). Growth is a
   * path's highest peak over its RSS before its first round (RSS rarely shrinks: the bridge goes
   * first in each round, so no other path lifts its baseline), and over the RSS before the first
   * media scenario (the uploads start where the downloads' peaks left the process).
   */
  private void media(String scenario, Function<Way, IntFunction<Call>> calls) throws Exception {
    Way[] order = {Way.BRIDGE, Way.TRIVIAL, Way.DIRECT};
    Map<Way, List<Outcome>> rounds = new EnumMap<>(Way.class);
    Map<Way, Long> before = new EnumMap<>(Way.class);
    Map<Way, Long> peak = new EnumMap<>(Way.class);
    if (mediaBaseline == 0) {
      mediaBaseline = payara.residentBytes();
    }
    int warmUps = Math.min(settings.mediaTransfers(), Math.max(2, settings.mediaCallers() / 5));
    for (int round = 1; round <= settings.rounds(); round++) {
      for (Way way : order) {
        before.putIfAbsent(way, payara.residentBytes());
        try (PeakSampler rss = new PeakSampler("rss", payara::residentBytes, 50)) {
          if (round == 1) {
            warmUpMedia(scenario, way, warmUps, calls.apply(way));
          }
          Outcome outcome =
              load.batch(
                  way.label + " round " + round,
                  settings.mediaCallers(),
                  settings.mediaTransfers(),
                  calls.apply(way));
          record(scenario, outcome);
          refuseUnlessClean(scenario, outcome);
          rounds.computeIfAbsent(way, w -> new ArrayList<>()).add(outcome);
          peak.merge(way, rss.peak(), Math::max);
        }
      }
    }
    Map<Way, Outcome> runs = new EnumMap<>(Way.class);
    for (Way way : order) {
      Outcome median = median(rounds.get(way), Outcome::megabytesPerSecond);
      median
          .with(
              "roundsMBps",
              rounds.get(way).stream().map(o -> Math.round(o.megabytesPerSecond())).toList())
          .with("rssBeforeMiB", before.get(way) >> 20)
          .with("rssPeakMiB", peak.get(way) >> 20)
          .with("rssGrowthMiB", Math.max(0, peak.get(way) - before.get(way)) >> 20)
          .with("rssGrowthSinceMediaBeganMiB", Math.max(0, peak.get(way) - mediaBaseline) >> 20)
          .with("medianRound", true); // every round is in the results, this one reported
      runs.put(way, median);
    }
    REPORT.media(scenario, runs.get(Way.DIRECT), runs.get(Way.TRIVIAL), runs.get(Way.BRIDGE));
  }

  /**
   * A path's media warm-up: a small batch, then whole batches while either JVM's JIT compilers
   * still work, until the shorter of {@code jitSettle} and {@link #MEDIA_SETTLE} has passed (none
   * in the smoke). The closed-loop JIT warm-up runs no media code (docs/benchmark.md, "How it
   * measures").
   */
  private static void warmUpMedia(String scenario, Way way, int first, IntFunction<Call> calls)
      throws Exception {
    unmeasured(scenario, load.batch(way.label + " warm-up", settings.mediaCallers(), first, calls));
    untilJitSettles(
        settings.jitSettle().compareTo(MEDIA_SETTLE) < 0 ? settings.jitSettle() : MEDIA_SETTLE,
        () ->
            unmeasured(
                scenario,
                load.batch(
                    way.label + " JIT settling",
                    settings.mediaCallers(),
                    settings.mediaTransfers(),
                    calls)));
  }

  /**
   * Last: a bridge that does not bound its threads may need long to recover, or not recover at all.
   */
  @Test
  @Order(9)
  void udeskHangs() throws Exception {
    String scenario =
        "Udesk hangs: "
            + settings.hangRate()
            + " pushes/s for "
            + settings.hangFor().toSeconds()
            + " s";
    awaitResponsive();
    long threadsBefore = payara.threads();
    long bridgeThreadsBefore = payara.threadsNamed(BRIDGE_THREADS);
    Outcome outcome;
    long threadsPeak;
    long bridgeThreadsPeak;
    String pools;
    try (PeakSampler threads = new PeakSampler("threads", payara::threads, 100);
        PeakSampler bridgeThreads =
            new PeakSampler("bridge threads", () -> payara.threadsNamed(BRIDGE_THREADS), 100);
        PoolPeaks poolPeaks = new PoolPeaks(POOL_SAMPLES_MILLIS)) {
      outcome =
          load.open(
              "bridge",
              settings.hangRate(),
              settings.hangFor(),
              DRAIN,
              targets.pushWhileUdeskHangs());
      threadsPeak = threads.peak();
      bridgeThreadsPeak = bridgeThreads.peak();
      poolPeaks.stop();
      poolPeaks
          .peaks()
          .forEach((pool, n) -> outcome.with("poolThreadsPeak." + pool.replace(' ', '.'), n));
      pools = poolPeaks.summary();
    }
    long late = outcome.slowerThan(WECHAT_DEADLINE_MILLIS);
    long threadsAfter = payara.threads();
    double recovery = awaitResponsive();
    outcome
        .with("answeredWithin5s", outcome.requests() - late)
        .with("laterThan5s", late)
        .with("unanswered", outcome.unanswered())
        .with("wrongAnswers", outcome.failures() - outcome.unanswered())
        .with("threadsBefore", threadsBefore)
        .with("threadsPeak", threadsPeak)
        .with("bridgeThreadsBefore", bridgeThreadsBefore)
        .with("bridgeThreadsPeak", bridgeThreadsPeak)
        .with("threadsAfter", threadsAfter)
        .with("secondsUntilResponsive", recovery);
    record(scenario, outcome);
    REPORT.fault(
        scenario,
        Report.format("%d/%d answered inside 5 s", outcome.requests() - late, outcome.requests()),
        outcome,
        Report.format(
            "%d not answered within 30 s, %d wrong answers; p50 %.0f ms, p99 %.0f ms, max %.0f"
                + " ms; Payara threads %d before, peak %d (the bridge's own %d, peak %d); the"
                + " bridge's pools at their peaks: %s; %s afterwards; %s",
            outcome.unanswered(),
            outcome.failures() - outcome.unanswered(),
            outcome.millis(50),
            outcome.millis(99),
            outcome.maxMillis(),
            threadsBefore,
            threadsPeak,
            bridgeThreadsBefore,
            bridgeThreadsPeak,
            pools,
            recovery < 0
                ? "no push answered within 1 s for " + RECOVERY.toSeconds() + " s"
                : Report.format("a push answered within 1 s again after %.0f s", recovery),
            Report.cpu(outcome)));
    assertClean(List.of(outcome));
    // counts, not timings: what a hanging Udesk may cost in threads is bounded; the bridge's own
    // threads by its pools' bounds, which a thread per push passes in the smoke's 300 pushes too
    assertTrue(
        bridgeThreadsPeak - bridgeThreadsBefore <= HANGING_UDESK_BRIDGE_THREADS,
        "a hanging Udesk made the bridge's own threads grow by "
            + (bridgeThreadsPeak - bridgeThreadsBefore)
            + ", more than its pools' "
            + HANGING_UDESK_BRIDGE_THREADS);
    assertTrue(
        threadsPeak - threadsBefore <= HANGING_UDESK_THREADS,
        "a hanging Udesk made Payara's threads grow by "
            + (threadsPeak - threadsBefore)
            + ", more than "
            + HANGING_UDESK_THREADS);
  }

  /**
   * The durable inbox under a burst while Udesk is down: every push acknowledged inside WeChat's
   * deadline, and once Udesk is back, every one delivered, once. Asserts delivery (a correctness
   * property, within a generous bound), never timings.
   */
  @Test
  @Order(8)
  void burstWhileUdeskIsDown() throws Exception {
    String scenario =
        "Udesk down: "
            + settings.burstRate() * settings.burstFor().toSeconds()
            + " pushes in "
            + settings.burstFor().toSeconds()
            + " s, then Udesk back";
    awaitResponsive();
    udesk.down(true);
    Outcome outcome =
        load.open(
            "bridge",
            settings.burstRate(),
            settings.burstFor(),
            DRAIN,
            targets.pushWhileUdeskIsDown());
    long late = outcome.slowerThan(WECHAT_DEADLINE_MILLIS);
    long acknowledged = outcome.requests() - outcome.failures();
    udesk.down(false);
    long back = System.nanoTime();
    long deadline = back + BACKLOG_BOUND.toNanos();
    while (udesk.takenOnce() < acknowledged && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    double drained = (System.nanoTime() - back) / 1e9;
    // a second delivery could only come from a push the inbox still holds open (pending, or in
    // flight under a lease that may run out): none may be left, then one pass more is awaited
    long settled = System.nanoTime() + LEASE_AND_TWO_PASSES.toNanos();
    long open = openPushes(Targets.UDESK_DOWN.appId());
    while (open != 0 && System.nanoTime() < settled) {
      Thread.sleep(200);
      open = openPushes(Targets.UDESK_DOWN.appId());
    }
    Thread.sleep(ONE_PASS.toMillis());
    outcome
        .with("answeredWithin5s", outcome.requests() - late)
        .with("laterThan5s", late)
        .with("deliveredOnceAfter", udesk.takenOnce())
        .with("deliveredAgain", udesk.takenAgain())
        .with("openInTheInboxAfter", open)
        .with("secondsToDeliverTheBacklog", drained);
    record(scenario, outcome);
    REPORT.fault(
        scenario,
        Report.format(
            "%d/%d answered inside 5 s; %d/%d delivered after Udesk was back, %d twice",
            outcome.requests() - late,
            outcome.requests(),
            udesk.takenOnce(),
            acknowledged,
            udesk.takenAgain()),
        outcome,
        Report.format(
            "backlog delivered in %.1f s; p50 %.0f ms, p99 %.0f ms, max %.0f ms; %s",
            drained,
            outcome.millis(50),
            outcome.millis(99),
            outcome.maxMillis(),
            Report.cpu(outcome)));
    assertClean(List.of(outcome));
    // pushes the load client gave up on may have been recorded too, and are delivered as well
    assertTrue(
        udesk.takenOnce() >= acknowledged,
        "every acknowledged push reaches Udesk once it is back (within "
            + BACKLOG_BOUND.toSeconds()
            + " s): "
            + udesk.takenOnce()
            + " of "
            + acknowledged);
    assertEquals(0, udesk.takenAgain(), "no push reaches Udesk twice");
    assertEquals(
        0,
        open,
        "the inbox holds none of the burst's pushes open once Udesk took them (-1: its status was"
            + " not readable)");
  }

  @Test
  @Order(5)
  void weChatApiHangs() throws Exception {
    String scenario =
        "WeChat API hangs: "
            + settings.stuckRelayCallers()
            + " relay calls stuck, pushes at "
            + settings.openRate()
            + "/s";
    awaitResponsive();
    long threadsBefore = payara.threads();
    long heldBefore = wechat.held();
    long held;
    Outcome pushes;
    Outcome relay;
    long threadsPeak;
    String pools;
    try (PeakSampler threads = new PeakSampler("threads", payara::threads, 100);
        PoolPeaks poolPeaks = new PoolPeaks(POOL_SAMPLES_MILLIS)) {
      CompletableFuture<Outcome> stuck =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return load.closed(
                      "relay calls",
                      settings.stuckRelayCallers(),
                      settings.hangFor(),
                      targets.sendWhileWeChatHangs());
                } catch (InterruptedException e) {
                  throw new CompletionException(e);
                }
              });
      Thread.sleep(500); // the relay calls are stuck before the pushes start
      pushes =
          load.open(
              "pushes",
              settings.openRate(),
              settings.hangFor().minusMillis(500),
              DRAIN,
              targets.push(Way.BRIDGE, PushMode.PLAINTEXT));
      relay = stuck.join();
      held = wechat.held() - heldBefore;
      threadsPeak = threads.peak();
      poolPeaks.stop();
      poolPeaks
          .peaks()
          .forEach((pool, n) -> pushes.with("poolThreadsPeak." + pool.replace(' ', '.'), n));
      pools = poolPeaks.summary();
    }
    pushes
        .with("threadsBefore", threadsBefore)
        .with("threadsPeak", threadsPeak)
        .with("baselineP99Millis", bridgeAtFixedRate == null ? -1 : bridgeAtFixedRate.millis(99));
    relay.with("p50Millis", relay.millis(50));
    record(scenario, pushes);
    record(scenario, relay);
    REPORT.fault(
        scenario,
        Report.format(
            "push p99 %.1f ms (%.1f ms without the fault)",
            pushes.millis(99),
            bridgeAtFixedRate == null ? Double.NaN : bridgeAtFixedRate.millis(99)),
        pushes,
        Report.format(
            "push p50 %.1f ms, max %.0f ms, %d later than 5 s; relay calls: %d made, %d not answered"
                + " within 30 s, p50 %.0f ms; Payara threads %d before, peak %d; the bridge's pools"
                + " at their peaks: %s; %s",
            pushes.millis(50),
            pushes.maxMillis(),
            pushes.slowerThan(WECHAT_DEADLINE_MILLIS),
            relay.requests(),
            relay.unanswered(),
            relay.millis(50),
            threadsBefore,
            threadsPeak,
            pools,
            Report.cpu(pushes)));
    assertClean(List.of(pushes, relay));
    // any answer passes a stuck call, so check that they were stuck: held by the fake WeChat
    assertTrue(
        held >= Math.min(settings.stuckRelayCallers(), relay.requests()),
        "the relay calls reached the hanging WeChat API and were held there: "
            + held
            + " of "
            + relay.requests());
  }

  @AfterAll
  static void writeResults() throws Exception {
    try {
      if (load != null) {
        load.stop();
      }
    } finally {
      if (naiveRelay != null) {
        naiveRelay.close();
      }
    }
    // a smoke (command 2 runs one) leaves a full run's results alone
    Path dir = Path.of("target", settings.smoke() ? "benchmark-smoke" : "benchmark");
    REPORT.write(dir, settings);
    LOG.info(
        () ->
            "Benchmark ("
                + (settings.smoke() ? "smoke run, figures mean nothing" : "full run")
                + "; written to "
                + dir.toAbsolutePath()
                + "):\n"
                + REPORT.table());
    udesk.close();
    wechat.close();
  }

  /**
   * Waits (at most {@link #RECOVERY}) until the bridge answers a push within 1 s, so that a fault
   * scenario starts on a settled bridge; returns the seconds waited, or -1 if it never did.
   */
  private static double awaitResponsive() throws InterruptedException {
    IntFunction<Call> probe = targets.push(Way.BRIDGE, PushMode.PLAINTEXT);
    long begin = System.nanoTime();
    for (int i = 0; System.nanoTime() - begin < RECOVERY.toNanos(); i++) {
      Call call = probe.apply(i);
      long start = System.nanoTime();
      Call.Answer answer = load.send(call).join();
      if (call.expected().test(answer) && System.nanoTime() - start < 1_000_000_000L) {
        return (System.nanoTime() - begin) / 1e9;
      }
      Thread.sleep(1000);
    }
    return -1;
  }

  // ---- running side by side
  // ----------------------------------------------------------------------

  private interface Runner {
    Outcome run(String label, Duration duration, IntFunction<Call> calls)
        throws InterruptedException;
  }

  private Map<Way, Outcome> closedLoop(String scenario, Function<Way, IntFunction<Call>> calls)
      throws Exception {
    return sideBySide(
        scenario,
        calls,
        (label, duration, c) -> load.closed(label, settings.callers(), duration, c),
        Outcome::perSecond);
  }

  /**
   * Each path warmed up (figures logged, not kept), then the paths take turns for {@code rounds}
   * measured rounds and each is reported by its median round, by {@code rank}: the machine's speed
   * drifts within a minute, and a path measured only after another carried that drift in their
   * ratio (customer-service sends 0.56 to 0.85 of the trivial relay in runs of one build). Each
   * round has its own order ({@link RoundOrder}). Every run, warm-up or round, must be clean
   * ({@link #refuseUnlessClean}).
   */
  private Map<Way, Outcome> sideBySide(
      String scenario,
      Function<Way, IntFunction<Call>> calls,
      Runner runner,
      ToDoubleFunction<Outcome> rank)
      throws Exception {
    for (Way way : Way.values()) {
      unmeasured(scenario, runner.run(way.label + " warm-up", settings.warmUp(), calls.apply(way)));
    }
    Map<Way, List<Outcome>> rounds = new EnumMap<>(Way.class);
    for (int round = 1; round <= settings.rounds(); round++) {
      for (Way way : RoundOrder.of(round, Way.values())) {
        double commitsBefore = inboxCommits();
        // only the bridge's rounds use it; none while the writer has not started (it starts with
        // the inbox's first work)
        long writerBefore = way == Way.BRIDGE ? payara.threadCpuNanos(INBOX_WRITER).orElse(0) : 0;
        Outcome outcome =
            runner.run(way.label + " round " + round, settings.measure(), calls.apply(way));
        double commits = inboxCommits() - commitsBefore;
        if (way == Way.BRIDGE && commits > 0) {
          long requests = Math.max(1, outcome.requests());
          outcome.with("inboxCommitsPerRequest", commits / requests);
          outcome.with(
              "inboxWriterMicrosPerRequest", (writerNanos() - writerBefore) / 1_000.0 / requests);
        }
        record(scenario, outcome);
        refuseUnlessClean(scenario, outcome);
        rounds.computeIfAbsent(way, w -> new ArrayList<>()).add(outcome);
      }
    }
    Map<Way, Outcome> medians = new EnumMap<>(Way.class);
    rounds.forEach(
        (way, measured) -> {
          medians.put(
              way,
              median(measured, rank)
                  .with(
                      "rounds",
                      measured.stream()
                          .map(o -> Math.round(rank.applyAsDouble(o) * 10) / 10.0)
                          .toList()));
        });
    return medians;
  }

  /**
   * The account's open pushes (pending or retrying, those in flight included) as /admin/status
   * reads them from the inbox; -1 while it cannot say (the inbox off, a read that failed).
   */
  private static long openPushes(String appId) {
    HttpResponse<String> status = TestBridge.get("/admin/status");
    if (status.statusCode() != 200) {
      return -1;
    }
    JsonValue inbox = Json.createReader(new StringReader(status.body())).readObject().get("inbox");
    if (!(inbox instanceof JsonObject byAccount) || !byAccount.containsKey(appId)) {
      return -1;
    }
    JsonObject account = byAccount.getJsonObject(appId);
    return account.getJsonNumber("pending").longValue()
        + account.getJsonNumber("retrying").longValue();
  }

  /** The inbox writer's CPU so far; it must exist once the inbox has committed. */
  private static long writerNanos() {
    return payara
        .threadCpuNanos(INBOX_WRITER)
        .orElseThrow(() -> new IllegalStateException("no thread " + INBOX_WRITER + " in Payara"));
  }

  private static Outcome median(List<Outcome> rounds, ToDoubleFunction<Outcome> rank) {
    List<Outcome> ranked = new ArrayList<>(rounds);
    ranked.sort(Comparator.comparingDouble(rank));
    return ranked.get(ranked.size() / 2);
  }

  /**
   * The bridge's bridge_inbox_commits_total (the benchmark's bridge lets loopback read metrics).
   */
  private static double inboxCommits() {
    HttpRequest scrape =
        HttpRequest.newBuilder(TestBridge.url("/admin/metrics"))
            .timeout(Duration.ofSeconds(10))
            .build();
    try {
      return new Scrape(TestBridge.http().send(scrape, HttpResponse.BodyHandlers.ofString()).body())
          .value("bridge_inbox_commits_total");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static Outcome record(String scenario, Outcome outcome) {
    REPORT.run(scenario, outcome);
    log(outcome);
    return outcome;
  }

  private static void log(Outcome o) {
    LOG.info(
        () ->
            Report.format(
                "%s [%s]: %d requests, %d failures, %.0f/s, %.1f MB/s, p50 %.2f p99 %.2f max %.1f ms;"
                    + " CPU cores Payara %.2f (JIT %.2f) naive relay %.2f (JIT %.2f) fakes %.2f"
                    + " client %.2f (JIT %.2f) %s",
                o.label(),
                o.mode(),
                o.requests(),
                o.failures(),
                o.perSecond(),
                o.megabytesPerSecond(),
                o.millis(50),
                o.millis(99),
                o.maxMillis(),
                o.cpu().payara(),
                o.cpu().payaraJit(),
                o.cpu().naiveRelay(),
                o.cpu().naiveRelayJit(),
                o.cpu().fakes(),
                o.cpu().client(),
                o.cpu().testJvmJit(),
                o.failureSamples().isEmpty() ? "" : o.failureSamples()));
  }

  /** A warm-up: logged and checked, not kept. */
  private static Outcome unmeasured(String scenario, Outcome warmUp) {
    log(warmUp);
    refuseUnlessClean(scenario, warmUp);
    return warmUp;
  }

  /**
   * Stops {@code scenario} as soon as a run of any path, warm-up or measured round, had a wrong
   * answer or the fakes got a request they could not take, with a row in the table saying why:
   * against a reference path that fails a ratio means nothing, and a rate counts the bridge's wrong
   * answers as work. Checked after every run, so that a broken path stops the benchmark in its
   * first seconds rather than after its minutes (docs/benchmark.md, "How it measures").
   */
  private static void refuseUnlessClean(String scenario, Outcome run) {
    List<String> wrong = new ArrayList<>();
    if (run.failures() > 0) {
      wrong.add(wrongAnswers(run));
    }
    wrong.addAll(malformedSinceLastCheck());
    if (!wrong.isEmpty()) {
      String why = String.join("; ", wrong);
      REPORT.refused(scenario, why);
      fail(scenario + " refused: " + why);
    }
  }

  private static String wrongAnswers(Outcome run) {
    return Report.format(
        "%s: %,d of %,d answers wrong, e.g. %s",
        run.label(), run.failures(), run.requests(), run.failureSamples());
  }

  /**
   * A fault scenario's runs, checked at its end: every answer as expected, and every request the
   * fakes got well-formed.
   */
  private static void assertClean(List<Outcome> runs) {
    runs.forEach(run -> assertEquals(0, run.failures(), () -> wrongAnswers(run)));
    assertEquals(List.of(), malformedSinceLastCheck());
  }

  /** What the fakes could not take since the last check (so a scenario answers for its own). */
  private static List<String> malformedSinceLastCheck() {
    long udeskMalformed = udesk.malformedRequests() - udeskMalformedBefore;
    long wechatMalformed = wechat.malformedRequests() - wechatMalformedBefore;
    udeskMalformedBefore += udeskMalformed;
    wechatMalformedBefore += wechatMalformed;
    List<String> malformed = new ArrayList<>();
    if (udeskMalformed > 0) {
      malformed.add(udeskMalformed + " requests the fake Udesk could not take");
    }
    if (wechatMalformed > 0) {
      malformed.add(wechatMalformed + " requests the fake WeChat API could not take");
    }
    return malformed;
  }
}
