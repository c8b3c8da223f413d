package io.wxbridge.benchmark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * A server's JVM seen through /proc: resident memory (the process's, not only the heap), live
 * threads and CPU time. The Payara Micro that Arquillian started is found by its command line:
 * payara-micro.jar with {@code --port <port>} (other Payara Micros may run on this machine); the
 * naive relay's by its pid.
 */
record ServerProcess(long pid, long ticks) {

  /** Another JVM the benchmark started (the naive relay's). */
  static ServerProcess of(long pid) {
    return new ServerProcess(pid, ticksPerSecond());
  }

  static ServerProcess listeningOn(String port) {
    try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
      List<Long> pids =
          entries
              .map(p -> p.getFileName().toString())
              .filter(n -> n.chars().allMatch(Character::isDigit))
              .map(Long::valueOf)
              .filter(pid -> isPayaraOn(pid, port))
              .toList();
      if (pids.size() != 1) {
        throw new IllegalStateException(
            "expected one Payara Micro with --port " + port + ", found " + pids);
      }
      return new ServerProcess(pids.get(0), ticksPerSecond());
    } catch (IOException e) {
      throw new IllegalStateException("cannot list /proc", e);
    }
  }

  private static boolean isPayaraOn(long pid, String port) {
    try {
      List<String> args =
          Arrays.asList(
              Files.readString(
                      Path.of("/proc", Long.toString(pid), "cmdline"), StandardCharsets.UTF_8)
                  .split("\0"));
      int at = args.indexOf("--port");
      return args.stream().anyMatch(a -> a.endsWith("payara-micro.jar"))
          && at >= 0
          && at + 1 < args.size()
          && args.get(at + 1).equals(port);
    } catch (IOException | RuntimeException gone) {
      return false;
    }
  }

  /**
   * USER_HZ ({@code ticks}), the unit of utime/stime in /proc/&lt;pid&gt;/stat (100 on Linux unless
   * getconf says otherwise).
   */
  private static long ticksPerSecond() {
    try {
      Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
      String out =
          new String(getconf.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
      return getconf.waitFor() == 0 ? Long.parseLong(out) : 100;
    } catch (IOException | NumberFormatException e) {
      return 100;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 100;
    }
  }

  /** VmRSS, in bytes. */
  long residentBytes() {
    return status("VmRSS:").map(kb -> kb * 1024).orElseThrow();
  }

  long threads() {
    return status("Threads:").orElseThrow();
  }

  /**
   * The threads whose name starts with {@code prefix} (of at most 15 characters, as Linux keeps).
   */
  long threadsNamed(String prefix) {
    try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
      return tasks.filter(task -> comm(task).startsWith(prefix)).count();
    } catch (IOException e) {
      throw new IllegalStateException("the server (pid " + pid + ") is gone", e);
    }
  }

  /** User plus system CPU time so far, in nanoseconds. */
  long cpuNanos() {
    try {
      return cpuNanos(Path.of("/proc", Long.toString(pid), "stat"));
    } catch (IOException e) {
      throw new IllegalStateException("the server (pid " + pid + ") is gone", e);
    }
  }

  /**
   * User plus system CPU time so far of the threads whose name starts with {@code name} (Linux
   * keeps the first 15 characters of a thread's name), in nanoseconds; empty while none runs.
   */
  OptionalLong threadCpuNanos(String name) {
    String kept = name.length() > 15 ? name.substring(0, 15) : name;
    try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
      List<Path> named = tasks.filter(task -> comm(task).startsWith(kept)).toList();
      if (named.isEmpty()) {
        return OptionalLong.empty();
      }
      long sum = 0;
      for (Path task : named) {
        try {
          sum += cpuNanos(task.resolve("stat"));
        } catch (IOException ended) {
          // the thread ended after it was listed: its time is no longer the process's to count
        }
      }
      return OptionalLong.of(sum);
    } catch (IOException e) {
      throw new IllegalStateException("the server (pid " + pid + ") is gone", e);
    }
  }

  private static String comm(Path task) {
    try {
      return Files.readString(task.resolve("comm"), StandardCharsets.UTF_8).trim();
    } catch (IOException ended) {
      return ""; // the thread ended after it was listed
    }
  }

  /** utime + stime of a /proc stat file, in nanoseconds. */
  private long cpuNanos(Path stat) throws IOException {
    String line = Files.readString(stat, StandardCharsets.US_ASCII);
    String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
    long used =
        Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime (fields 14, 15)
    return used * 1_000_000_000L / ticks;
  }

  private Optional<Long> status(String field) {
    try {
      return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
          .filter(line -> line.startsWith(field))
          .map(line -> Long.valueOf(line.substring(field.length()).trim().split("\\s+")[0]))
          .findFirst();
    } catch (IOException e) {
      throw new IllegalStateException("the server (pid " + pid + ") is gone", e);
    }
  }
}
