package io.wxbridge.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An extra Payara Micro running the bridge's WAR, beside the suite's one deployment (BridgeIT), for
 * the scenarios one deployment cannot show: a second database, a process killed with {@code kill
 * -9}, two instances on one PostgreSQL. Started with --nocluster (the database is the shared state)
 * on a free port, with the configuration the caller gives (the suite's fakes, only the accounts it
 * needs, so that the suite's counts of token fetches stay its own). Every wait is bounded.
 */
public final class BridgeProcess implements AutoCloseable {
  private static final Duration BOOT = Duration.ofSeconds(300);
  private static final String STARTUP_FAILED = "Shutting down server due to startup exception";

  /**
   * Seen once in CI: the post-boot commands reconfigure the HTTP listener while a probe is being
   * answered, Payara logs this, reports "ready" and never listens again.
   */
  private static final String LISTENER_LOST = "GrizzlyProxy is NULL";

  /** Payara Micro's last start-up line ("Payara Micro 6.… ready in … (ms)"). */
  private static final String READY = ") ready in ";

  private final String name;
  private final Path dir;
  private final int port;
  private final Process process;

  private BridgeProcess(String name, Path dir, int port, Process process) {
    this.name = name;
    this.dir = dir;
    this.port = port;
    this.process = process;
  }

  /**
   * Starts a bridge and returns once {@code readyPath} answers 401 (a URL check without signature,
   * refused by the bridge itself: while the WAR is being deployed, Payara Micro answers 404 or
   * 500).
   *
   * @param postBootCommands asadmin commands run after the suite's own post-boot file (e.g. a JDBC
   *     pool)
   * @param addLibs jars for the server's class path (e.g. the PostgreSQL driver)
   */
  public static BridgeProcess start(
      String name,
      String properties,
      String postBootCommands,
      List<Path> addLibs,
      String readyPath) {
    try {
      Path dir = TestBridge.itDir().resolve(name);
      Files.createDirectories(dir);
      Path propertiesFile = dir.resolve("bridge.properties");
      Files.writeString(propertiesFile, properties);
      Path postBoot = dir.resolve("post-boot.asadmin");
      Files.writeString(
          postBoot,
          Files.readString(
                  Path.of(
                      System.getProperty("bridge.server-config", "server-config"),
                      "post-boot-commands.asadmin"))
              + "\n"
              + postBootCommands
              + "\n");
      Path log = dir.resolve("server.log");
      for (int attempt = 1; ; attempt++) {
        // Payara Micro appends to server.log.0 (and rotates): log checks see this start's only
        try (var old = Files.list(dir)) {
          for (Path file :
              old.filter(f -> f.getFileName().toString().startsWith("server.log")).toList()) {
            Files.delete(file);
          }
        }
        BridgeProcess bridge = launch(name, dir, propertiesFile, postBoot, log, addLibs);
        boolean ready;
        try {
          ready = bridge.awaitReady(readyPath);
        } catch (RuntimeException failed) {
          bridge.kill(); // never left running behind a failed test
          throw failed;
        }
        if (ready) {
          return bridge;
        }
        if (attempt == 3) {
          throw new IllegalStateException(
              name + " lost its port or its HTTP listener 3 times; see " + dir);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static BridgeProcess launch(
      String name, Path dir, Path propertiesFile, Path postBoot, Path log, List<Path> addLibs)
      throws IOException {
    int port = UnusedPort.next();
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m",
                "-Dsun.net.http.retryPost=false",
                "-jar",
                System.getProperty("payara.micro.jar", "target/payara-micro.jar"),
                "--deploy",
                TestBridge.war().toAbsolutePath().toString(),
                "--contextroot",
                "/",
                "--port",
                Integer.toString(port),
                "--nocluster",
                "--systemproperties",
                propertiesFile.toString(),
                "--postbootcommandfile",
                postBoot.toString(),
                "--logtofile",
                log.toString()));
    for (Path lib : addLibs) {
      command.add("--addlibs");
      command.add(lib.toAbsolutePath().toString());
    }
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("console.log").toFile())
            .start();
    return new BridgeProcess(name, dir, port, process);
  }

  /** This bridge's URL, e.g. url("/wechat/wx…"). */
  public URI url(String pathAndQuery) {
    return URI.create("http://127.0.0.1:" + port + pathAndQuery);
  }

  /** SIGKILL, as {@code kill -9}: no shutdown hook, no clean close of the database. */
  public void kill() {
    process.destroyForcibly();
    waitFor(Duration.ofSeconds(20));
  }

  /**
   * SIGTERM, as {@code kill} or a service manager's stop; true when the process ended by itself
   * within the bound (it is killed otherwise).
   */
  public boolean stop(Duration bound) {
    process.destroy();
    if (waitFor(bound)) {
      return true;
    }
    kill();
    return false;
  }

  /** False once the process has exited (crashed, killed or stopped). */
  public boolean isAlive() {
    return process.isAlive();
  }

  public String log() {
    try (var files = Files.list(dir)) {
      StringBuilder log = new StringBuilder();
      for (Path file :
          files
              .filter(f -> f.getFileName().toString().startsWith("server.log"))
              .filter(f -> !f.getFileName().toString().endsWith(".lck"))
              .sorted()
              .toList()) {
        log.append(Files.readString(file, StandardCharsets.UTF_8));
      }
      return log.toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String console() {
    try {
      return Files.readString(dir.resolve("console.log"), StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A clean stop (SIGTERM), forced after 20 s. */
  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroy();
      if (!waitFor(Duration.ofSeconds(20))) {
        kill();
      }
    }
  }

  private boolean waitFor(Duration bound) {
    try {
      return process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * True once ready; false when Payara Micro could not bind its port (it then stays alive without
   * listening, so the log is the only sign; a port is taken between choice and bind only by another
   * program, see UnusedPort). Any other failure to start throws.
   */
  private boolean awaitReady(String readyPath) {
    long deadline = System.nanoTime() + BOOT.toNanos();
    String lastAnswer = "no answer";
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            name + " exited with " + process.exitValue() + "; see " + dir);
      }
      String log = console(); // Payara Micro prints its start failure there too
      if (log.contains(STARTUP_FAILED)) {
        kill();
        if (log.contains("Address already in use")) {
          return false;
        }
        throw new IllegalStateException(name + " failed to start; see " + dir);
      }
      if (log.contains(LISTENER_LOST)) {
        kill(); // Payara's HTTP listener did not survive its reconfiguration: start again
        return false;
      }
      if (!log.contains(READY)) {
        sleep(500); // no probe while Payara reconfigures its listener (see LISTENER_LOST)
        continue;
      }
      try {
        HttpResponse<Void> ready =
            TestBridge.http()
                .send(
                    HttpRequest.newBuilder(url(readyPath)).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding());
        if (ready.statusCode() == 401) {
          return true;
        }
        lastAnswer = "HTTP " + ready.statusCode();
      } catch (IOException notYet) {
        lastAnswer = notYet.toString(); // not listening yet, or slower than the probe's 2 s
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      sleep(500);
    }
    kill();
    throw new IllegalStateException(
        name + " did not start within " + BOOT + " (last probe: " + lastAnswer + "); see " + dir);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
