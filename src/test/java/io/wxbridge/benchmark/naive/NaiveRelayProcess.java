package io.wxbridge.benchmark.naive;

import io.wxbridge.testing.UnusedPort;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The naive relay in a JVM of its own, with the JVM options of the benchmark's Payara Micro
 * (arquillian.xml, container {@code benchmark}: heap, collector, the JDK client's kept
 * connections), so that the two differ in their code only, and each pays for its own garbage.
 * Started on an unused port, its output in {@code naive-relay.log}, its GC log in {@value #GC_LOG};
 * never left running after the test JVM ends.
 */
public final class NaiveRelayProcess implements AutoCloseable {
  public static final String GC_LOG = "naive-relay-gc.log";
  private static final Duration BOOT = Duration.ofSeconds(120);

  /**
   * HttpClient 5, its connector and SLF4J's JDK binding, which the WAR brings ({@link
   * #testClassPath}).
   */
  private static final Pattern WAR_ONLY =
      Pattern.compile("(httpclient5|httpcore5|jersey-apache5-connector|slf4j-jdk14)-[0-9]");

  private final Process process;
  private final int port;
  private final Thread killedWithTheTests;

  private NaiveRelayProcess(Process process, int port) {
    this.process = process;
    this.port = port;
    this.killedWithTheTests = new Thread(process::destroyForcibly, "naive-relay-kill");
    Runtime.getRuntime().addShutdownHook(killedWithTheTests);
  }

  /**
   * Starts the relay and returns once it accepts connections. {@code accounts}: see {@link
   * NaiveRelayController}.
   */
  public static NaiveRelayProcess start(Path dir, String accounts, URI udeskUrl, URI wechatUrl)
      throws IOException {
    int port = UnusedPort.next();
    Path log = dir.resolve("naive-relay.log");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(
        List.of(
            "-Xmx256m",
            "-XX:+UseParallelGC",
            "-Dhttp.maxConnections=64",
            "-Xlog:gc:file=" + dir.resolve(GC_LOG) + ":time",
            "-cp",
            testClassPath()));
    command.add(NaiveRelayApplication.class.getName());
    command.addAll(
        List.of(
            "--server.port=" + port,
            "--server.address=127.0.0.1",
            "--spring.main.banner-mode=off",
            "--naive.accounts=" + accounts,
            "--naive.udesk-url=" + udeskUrl,
            "--naive.wechat-url=" + wechatUrl));
    Files.createDirectories(dir);
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    NaiveRelayProcess relay = new NaiveRelayProcess(process, port);
    try {
      relay.awaitListening(log);
      return relay;
    } catch (IOException | RuntimeException e) {
      relay.close();
      throw e;
    }
  }

  /**
   * Failsafe runs the tests from a manifest-only jar and names the real class path here. HttpClient
   * 5 and SLF4J's JDK binding, which the WAR brings for Payara's REST clients, stay out: Spring
   * Boot would take HttpClient 5 for the RestTemplate (and fails on 5.3, which lacks a class it
   * wants), and the binding would take its logging.
   */
  private static String testClassPath() {
    String all =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    return Arrays.stream(all.split(File.pathSeparator))
        .filter(entry -> !WAR_ONLY.matcher(entry).find())
        .collect(Collectors.joining(File.pathSeparator));
  }

  private void awaitListening(Path log) throws IOException {
    long deadline = System.nanoTime() + BOOT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "the naive relay ended at start: " + Files.readString(log, StandardCharsets.UTF_8));
      }
      try (Socket probe = new Socket()) {
        probe.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
        return;
      } catch (IOException notYet) {
        sleep();
      }
    }
    throw new IllegalStateException("the naive relay did not listen within " + BOOT);
  }

  private static void sleep() {
    try {
      Thread.sleep(200);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while the naive relay started", e);
    }
  }

  public long pid() {
    return process.pid();
  }

  /** The relay's URL, e.g. url("/wechat/wx…"). */
  public URI url(String pathAndQuery) {
    return URI.create("http://127.0.0.1:" + port + pathAndQuery);
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    try {
      Runtime.getRuntime().removeShutdownHook(killedWithTheTests);
    } catch (IllegalStateException jvmEnding) {
      // the hook runs anyway, on a process already ended
    }
  }
}
