package io.wxbridge.benchmark;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;

/**
 * Where the CPU went during a run, in cores (CPU seconds per wall-clock second): the Payara Micro
 * JVM, the fake upstreams (their threads in this JVM: {@link BenchServer#THREAD_PREFIX} and the JDK
 * server's dispatcher) and the rest of this JVM, which is the load client. The fakes must stay a
 * small share, or they and not the bridge set the figures. With it, the Payara JVM's GC pauses in
 * the same window ({@link GcPauses}), which the CPU figures do not show.
 */
final class CpuMeter {
  private static final String JDK_SERVER_DISPATCHER = "HTTP-Dispatcher";
  private final ServerProcess payara;
  private final Path gcLog;
  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private final com.sun.management.OperatingSystemMXBean self =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  CpuMeter(ServerProcess payara, Path gcLog) {
    this.payara = payara;
    this.gcLog = gcLog;
  }

  record Sample(
      long wallNanos, long epochMillis, long payaraNanos, long testJvmNanos, long fakeNanos) {}

  /** Cores used on average between two samples, and Payara's GC pauses meanwhile. */
  record Use(double payara, double fakes, double client, GcPauses payaraGc) {}

  Sample sample() {
    return new Sample(
        System.nanoTime(),
        System.currentTimeMillis(),
        payara.cpuNanos(),
        self.getProcessCpuTime(),
        fakeNanos());
  }

  Use between(Sample a, Sample b) {
    double wall = Math.max(1, b.wallNanos() - a.wallNanos());
    double fakes = (b.fakeNanos() - a.fakeNanos()) / wall;
    return new Use(
        (b.payaraNanos() - a.payaraNanos()) / wall,
        fakes,
        Math.max(0, (b.testJvmNanos() - a.testJvmNanos()) / wall - fakes),
        GcPauses.between(gcLog, a.epochMillis(), b.epochMillis()));
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
