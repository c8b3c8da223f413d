package io.wxbridge.benchmark;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.stream.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The benchmark's output: one table row per scenario (direct, trivial relay, bridge and, for pushes
 * and sends, the naive relay side by side, and the ratios), printed to the log and written with
 * every measured run's figures to target/benchmark/results.md and results.json. Figures only:
 * nothing here judges a timing.
 */
final class Report {
  static final String HEADER =
      "| scenario | direct | trivial relay | bridge | naive relay | bridge/trivial | bridge/direct | bridge/naive | fakes' CPU (trivial / bridge) | notes |\n"
          + "|---|---|---|---|---|---|---|---|---|---|";
  private final List<String> rows = new ArrayList<>();
  private final List<Map.Entry<String, Outcome>> runs = new ArrayList<>();

  /**
   * Other work on the machine shows in its load average (1 min), taken when the benchmark starts
   * and ends.
   */
  private final String loadAtStart = loadAverage();

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (IOException | RuntimeException unknown) {
      return "?";
    }
  }

  void run(String scenario, Outcome outcome) {
    runs.add(Map.entry(scenario, outcome));
  }

  /** Round trips a second in closed loop. */
  void throughput(String scenario, Outcome direct, Outcome trivial, Outcome bridge, Outcome naive) {
    rows.add(
        row(
            scenario,
            perSecond(direct),
            perSecond(trivial),
            perSecond(bridge),
            perSecond(naive),
            ratio(bridge.perSecond(), trivial.perSecond()),
            ratio(bridge.perSecond(), direct.perSecond()),
            ratio(bridge.perSecond(), naive.perSecond()),
            fakes(direct, trivial, bridge),
            format(
                "median of rounds, /s: bridge %s, trivial %s, naive %s, direct %s; p50/p99 ms:"
                    + " direct %.1f/%.1f, trivial %.1f/%.1f, bridge %.1f/%.1f, naive %.1f/%.1f;"
                    + " %s; %s; %s",
                bridge.extra().get("rounds"),
                trivial.extra().get("rounds"),
                naive.extra().get("rounds"),
                direct.extra().get("rounds"),
                direct.millis(50),
                direct.millis(99),
                trivial.millis(50),
                trivial.millis(99),
                bridge.millis(50),
                bridge.millis(99),
                naive.millis(50),
                naive.millis(99),
                serverCpu(trivial, bridge, naive),
                cpu(bridge),
                naiveCpu(naive))));
  }

  /**
   * Each server's CPU a request over the whole round: what the harness beside it on the same cores
   * cannot lower (a faster path loses more of the cores to the load client and the fakes, which
   * pulls the throughput ratios towards 1), so the trivial relay's over the bridge's is the
   * throughput ratio the bridge would reach with the cores to itself.
   */
  static String serverCpu(Outcome trivial, Outcome bridge, Outcome naive) {
    double trivialMicros = micros(trivial.cpu().payara(), trivial.perSecond());
    double bridgeMicros = micros(bridge.cpu().payara(), bridge.perSecond());
    return format(
        "server CPU a request: trivial relay's Payara %.0f µs, bridge's Payara %.0f µs, naive"
            + " relay's JVM %.0f µs (trivial/bridge %s)",
        trivialMicros,
        bridgeMicros,
        micros(naive.cpu().naiveRelay(), naive.perSecond()),
        ratio(trivialMicros, bridgeMicros));
  }

  private static double micros(double cores, double perSecond) {
    return perSecond <= 0 ? Double.NaN : cores / perSecond * 1e6;
  }

  /** p99 at a fixed rate; the added p99 of each relay is its p99 minus the direct path's. */
  void latency(String scenario, Outcome direct, Outcome trivial, Outcome bridge, Outcome naive) {
    rows.add(
        row(
            scenario,
            format("p99 %.2f ms", direct.millis(99)),
            format(
                "p99 %.2f ms (+%.2f)", trivial.millis(99), trivial.millis(99) - direct.millis(99)),
            format("p99 %.2f ms (+%.2f)", bridge.millis(99), bridge.millis(99) - direct.millis(99)),
            format("p99 %.2f ms (+%.2f)", naive.millis(99), naive.millis(99) - direct.millis(99)),
            ratio(bridge.millis(99), trivial.millis(99)),
            ratio(bridge.millis(99), direct.millis(99)),
            ratio(bridge.millis(99), naive.millis(99)),
            fakes(direct, trivial, bridge),
            format(
                "added p99 (bridge − direct) %.2f ms; median of rounds, p99 ms: bridge %s,"
                    + " trivial %s, naive %s, direct %s; p50 direct %.2f, trivial %.2f, bridge"
                    + " %.2f, naive %.2f ms; max bridge %.1f ms; trivial relay's run: Payara's GC"
                    + " %s; %s; %s",
                bridge.millis(99) - direct.millis(99),
                bridge.extra().get("rounds"),
                trivial.extra().get("rounds"),
                naive.extra().get("rounds"),
                direct.extra().get("rounds"),
                direct.millis(50),
                trivial.millis(50),
                bridge.millis(50),
                naive.millis(50),
                bridge.maxMillis(),
                trivial.cpu().payaraGc(),
                cpu(bridge),
                naiveCpu(naive))));
  }

  /** MB/s of media (both directions' bytes), with the Payara JVM's RSS growth. */
  void media(String scenario, Outcome direct, Outcome trivial, Outcome bridge) {
    rows.add(
        row(
            scenario,
            format("%.0f MB/s", direct.megabytesPerSecond()),
            format(
                "%.0f MB/s, RSS +%s MiB",
                trivial.megabytesPerSecond(), trivial.extra().get("rssGrowthMiB")),
            format(
                "%.0f MB/s, RSS +%s MiB",
                bridge.megabytesPerSecond(), bridge.extra().get("rssGrowthMiB")),
            "—",
            ratio(bridge.megabytesPerSecond(), trivial.megabytesPerSecond()),
            ratio(bridge.megabytesPerSecond(), direct.megabytesPerSecond()),
            "—",
            fakes(direct, trivial, bridge),
            format(
                "median of rounds, MB/s: bridge %s, trivial %s, direct %s; RSS of the Payara JVM:"
                    + " %s MiB before the bridge's first round, peak %s MiB (+%s MiB over the RSS"
                    + " before the first media scenario); %s",
                bridge.extra().get("roundsMBps"),
                trivial.extra().get("roundsMBps"),
                direct.extra().get("roundsMBps"),
                bridge.extra().get("rssBeforeMiB"),
                bridge.extra().get("rssPeakMiB"),
                bridge.extra().get("rssGrowthSinceMediaBeganMiB"),
                cpu(bridge))));
  }

  /** A scenario stopped by a wrong answer: no figures, only why (on one line of the table). */
  void refused(String scenario, String why) {
    String cell = "refused: " + why.replace('|', '/').replaceAll("\\s+", " ");
    rows.add(row(scenario, "—", "—", "—", "—", "—", "—", "—", "—", cell));
  }

  /** A fault scenario: only the bridge is measured. */
  void fault(String scenario, String bridge, Outcome outcome, String notes) {
    rows.add(
        row(
            scenario,
            "—",
            "—",
            bridge,
            "—",
            "—",
            "—",
            "—",
            format("%.2f", outcome.cpu().fakes()),
            notes));
  }

  private static String row(String... cells) {
    return "| " + String.join(" | ", cells) + " |";
  }

  private static String perSecond(Outcome outcome) {
    return format("%,.0f/s", outcome.perSecond());
  }

  private static String ratio(double a, double b) {
    return b <= 0 ? "—" : format("%.2f", a / b);
  }

  /**
   * The fakes' CPU while a relay was measured (on the direct path the fake is the only server, so
   * it is busier).
   */
  private static String fakes(Outcome direct, Outcome trivial, Outcome bridge) {
    return format(
        "%.2f / %.2f cores (direct: %.2f)",
        trivial.cpu().fakes(), bridge.cpu().fakes(), direct.cpu().fakes());
  }

  static String cpu(Outcome outcome) {
    Object commits = outcome.extra().get("inboxCommitsPerRequest");
    return format(
        "CPU cores during the bridge's run: Payara %.2f (its JIT compilers %.2f), fakes %.2f,"
            + " load client %.2f; Payara's GC meanwhile: %s%s",
        outcome.cpu().payara(),
        outcome.cpu().payaraJit(),
        outcome.cpu().fakes(),
        outcome.cpu().client(),
        outcome.cpu().payaraGc(),
        commits == null
            ? ""
            : format(
                "; inbox commits per request %.2f, its writer's CPU a request %.0f µs",
                commits, outcome.extra().get("inboxWriterMicrosPerRequest")));
  }

  /**
   * The naive relay's own JVM while it was measured, and Payara's (what it still did after the path
   * before, which shares the cores).
   */
  private static String naiveCpu(Outcome naive) {
    return format(
        "CPU cores during the naive relay's run: its JVM %.2f (its JIT compilers %.2f), Payara"
            + " %.2f, fakes %.2f, load client %.2f; its GC meanwhile: %s",
        naive.cpu().naiveRelay(),
        naive.cpu().naiveRelayJit(),
        naive.cpu().payara(),
        naive.cpu().fakes(),
        naive.cpu().client(),
        naive.cpu().naiveRelayGc());
  }

  static String format(String pattern, Object... values) {
    return String.format(Locale.ROOT, pattern, values);
  }

  String table() {
    return HEADER + "\n" + String.join("\n", rows) + "\n";
  }

  void write(Path dir, BenchSettings settings) throws IOException {
    Files.createDirectories(dir);
    String when = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS).toString();
    String machine =
        Runtime.getRuntime().availableProcessors()
            + " cores, "
            + System.getProperty("os.name")
            + " "
            + System.getProperty("os.arch")
            + ", Java "
            + System.getProperty("java.version")
            + ", load average "
            + loadAtStart
            + " at the start, "
            + loadAverage()
            + " at the end";
    Files.writeString(
        dir.resolve("results.md"),
        "# Benchmark results\n\n"
            + when
            + ", "
            + machine
            + (settings.smoke() ? " (smoke run: figures mean nothing)" : "")
            + "\n\n"
            + table());
    JsonArrayBuilder measured = Json.createArrayBuilder();
    for (Map.Entry<String, Outcome> run : runs) {
      measured.add(json(run.getKey(), run.getValue()));
    }
    JsonArrayBuilder table = Json.createArrayBuilder();
    rows.forEach(table::add);
    JsonObjectBuilder results =
        Json.createObjectBuilder()
            .add("date", when)
            .add("machine", machine)
            .add("smoke", settings.smoke())
            .add("settings", settings.toString())
            .add("table", table)
            .add("runs", measured);
    StringWriter out = new StringWriter();
    try (var writer =
        Json.createWriterFactory(Map.of(JsonGenerator.PRETTY_PRINTING, true)).createWriter(out)) {
      writer.writeObject(results.build());
    }
    Files.writeString(dir.resolve("results.json"), out.toString());
  }

  private static JsonObjectBuilder json(String scenario, Outcome o) {
    JsonArrayBuilder samples = Json.createArrayBuilder();
    o.failureSamples().forEach(samples::add);
    JsonObjectBuilder extra = Json.createObjectBuilder();
    o.extra()
        .forEach(
            (key, value) -> {
              if (value instanceof Number number) {
                extra.add(key, number.doubleValue());
              } else {
                extra.add(key, String.valueOf(value));
              }
            });
    return Json.createObjectBuilder()
        .add("scenario", scenario)
        .add("run", o.label())
        .add("mode", o.mode())
        .add("requests", o.requests())
        .add("failures", o.failures())
        .add("failureSamples", samples)
        .add("seconds", o.seconds())
        .add("perSecond", o.perSecond())
        .add("megabytesPerSecond", o.megabytesPerSecond())
        .add(
            "latencyMillis",
            Json.createObjectBuilder()
                .add("p50", o.millis(50))
                .add("p90", o.millis(90))
                .add("p99", o.millis(99))
                .add("p99.9", o.millis(99.9))
                .add("max", o.maxMillis()))
        .add(
            "cpuCores",
            Json.createObjectBuilder()
                .add("payara", o.cpu().payara())
                .add("fakes", o.cpu().fakes())
                .add("loadClient", o.cpu().client())
                .add("payaraJitCompilers", o.cpu().payaraJit())
                .add("naiveRelay", o.cpu().naiveRelay())
                .add("naiveRelayJitCompilers", o.cpu().naiveRelayJit())
                .add("testJvmJitCompilers", o.cpu().testJvmJit()))
        .add(
            "payaraGcPauses",
            Json.createObjectBuilder()
                .add("count", o.cpu().payaraGc().count())
                .add("totalMillis", o.cpu().payaraGc().totalMillis())
                .add("longestMillis", o.cpu().payaraGc().longestMillis()))
        .add(
            "naiveRelayGcPauses",
            Json.createObjectBuilder()
                .add("count", o.cpu().naiveRelayGc().count())
                .add("totalMillis", o.cpu().naiveRelayGc().totalMillis())
                .add("longestMillis", o.cpu().naiveRelayGc().longestMillis()))
        .add("extra", extra);
  }
}
