package io.wxbridge.benchmark;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.List;

/**
 * Where the CPU went during a run, in cores (CPU seconds per wall-clock second): the Payara Micro
 * JVM, the naive relay's JVM, the fake upstreams (their threads in this JVM: {@link
 * BenchServer#THREAD_PREFIX} and the JDK server's dispatcher) and the rest of this JVM, which is
 * the load client. The fakes must stay a small share, or they and not the bridge set the figures.
 * With it, the Payara JVM's GC pauses in the same window ({@link GcPauses}), which the CPU figures
 * do not show, and the share of each JVM's CPU its JIT compilers took: while they still work, a run
 * measures compilation, not the steady state.
 */
final class CpuMeter {
  private static final String JDK_SERVER_DISPATCHER = "HTTP-Dispatcher";

  /** HotSpot's compiler threads, as /proc names them (15 characters). */
  private static final List<String> JIT_THREADS = List.of("C1 CompilerThre", "C2 CompilerThre");

  private final ServerProcess payara;
  private final ServerProcess naiveRelay;
  private final Path gcLog;
  private final Path naiveRelayGcLog;
  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private final com.sun.management.OperatingSystemMXBean self =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private final CompilationMXBean compiler = ManagementFactory.getCompilationMXBean();

  CpuMeter(ServerProcess payara, Path gcLog, ServerProcess naiveRelay, Path naiveRelayGcLog) {
    this.payara = payara;
    this.naiveRelay = naiveRelay;
    this.gcLog = gcLog;
    this.naiveRelayGcLog = naiveRelayGcLog;
  }

  record Sample(
      long wallNanos,
      long epochMillis,
      long payaraNanos,
      long testJvmNanos,
      long fakeNanos,
      long payaraJitNanos,
      long naiveRelayNanos,
      long naiveRelayJitNanos,
      long testJvmJitMillis) {}

  /**
   * Cores used on average between two samples, and Payara's GC pauses meanwhile. {@code payaraJit}
   * is the part of {@code payara} its JIT compiler threads used; {@code testJvmJit} the time this
   * JVM's compilers spent compiling, per wall-clock second (the JDK counts it, not its CPU); {@code
   * naiveRelayJit} the part of {@code naiveRelay} its compilers used, {@code naiveRelayGc} its GC
   * pauses.
   */
  record Use(
      double payara,
      double fakes,
      double client,
      GcPauses payaraGc,
      double payaraJit,
      double testJvmJit,
      double naiveRelay,
      double naiveRelayJit,
      GcPauses naiveRelayGc) {}

  Sample sample() {
    return new Sample(
        System.nanoTime(),
        System.currentTimeMillis(),
        payara.cpuNanos(),
        self.getProcessCpuTime(),
        fakeNanos(),
        jitNanos(payara),
        naiveRelay.cpuNanos(),
        jitNanos(naiveRelay),
        compiler.getTotalCompilationTime());
  }

  Use between(Sample a, Sample b) {
    double wall = Math.max(1, b.wallNanos() - a.wallNanos());
    double fakes = (b.fakeNanos() - a.fakeNanos()) / wall;
    return new Use(
        (b.payaraNanos() - a.payaraNanos()) / wall,
        fakes,
        Math.max(0, (b.testJvmNanos() - a.testJvmNanos()) / wall - fakes),
        GcPauses.between(gcLog, a.epochMillis(), b.epochMillis()),
        // a compiler thread that ended meanwhile took its time with it
        Math.max(0, b.payaraJitNanos() - a.payaraJitNanos()) / wall,
        (b.testJvmJitMillis() - a.testJvmJitMillis()) * 1e6 / wall,
        (b.naiveRelayNanos() - a.naiveRelayNanos()) / wall,
        Math.max(0, b.naiveRelayJitNanos() - a.naiveRelayJitNanos()) / wall,
        GcPauses.between(naiveRelayGcLog, a.epochMillis(), b.epochMillis()));
  }

  private static long jitNanos(ServerProcess jvm) {
    return JIT_THREADS.stream().mapToLong(name -> jvm.threadCpuNanos(name).orElse(0)).sum();
  }

  private long fakeNanos() {
    long sum = 0;
    for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (info != null
          && (info.getThreadName().startsWith(BenchServer.THREAD_PREFIX)
              || info.getThreadName().equals(JDK_SERVER_DISPATCHER))) {
        sum += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
      }
    }
    return sum;
  }
}
