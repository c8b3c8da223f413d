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
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * An extra server running the bridge's WAR, beside the suite's one deployment (BridgeIT), for the
 * scenarios one deployment cannot show: a second database, a process stopped with SIGTERM or killed
 * with {@code kill -9}, two instances on one PostgreSQL. Each runs on free ports with the
 * configuration the caller gives (the suite's fakes, only the accounts it needs, so that the
 * suite's counts of token fetches stay its own). Every wait is bounded, and a process is never left
 * running: not behind a failed start, nor after the test JVM ends.
 */
public abstract class BridgeProcess implements AutoCloseable {
  private final String name;
  private final Path dir;
  private final Path log;
  private final int port;
  private final Process process;
  private final Thread killedWithTheTests;

  protected BridgeProcess(String name, Path dir, Path log, int port, Process process) {
    this.name = name;
    this.dir = dir;
    this.log = log;
    this.port = port;
    this.process = process;
    // a test JVM ended by failsafe's timeout or Ctrl-C runs its hooks: take the server along
    this.killedWithTheTests = new Thread(process::destroyForcibly, name + "-kill");
    Runtime.getRuntime().addShutdownHook(killedWithTheTests);
  }

  /**
   * A bridge on the server of this pass: WildFly in the WildFly pass, Payara Micro otherwise, so
   * that a check using it proves its scenario on both servers. Returns once the bridge answers
   * {@code readyPath} with 401 (a URL check without signature, refused by the bridge itself).
   */
  public static BridgeProcess start(String name, String properties, String readyPath) {
    return TestBridge.onWildFly()
        ? WildFlyProcess.start(name, properties, readyPath)
        : PayaraMicroProcess.start(name, properties, "", List.of(), readyPath);
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

  /** The server's log file, with the files it rotated to (older first). */
  public String log() {
    try (var files = Files.list(log.getParent())) {
      String current = log.getFileName().toString();
      StringBuilder text = new StringBuilder();
      for (Path file :
          files
              .filter(f -> f.getFileName().toString().startsWith(current))
              .filter(f -> !f.getFileName().toString().endsWith(".lck"))
              .sorted(Comparator.comparing((Path f) -> f.equals(log)).thenComparing(f -> f))
              .toList()) {
        text.append(Files.readString(file, StandardCharsets.UTF_8));
      }
      return text.toString();
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
    try {
      Runtime.getRuntime().removeShutdownHook(killedWithTheTests);
    } catch (IllegalStateException jvmEnding) {
      // the hook runs anyway, on a process already ended
    }
  }

  protected String name() {
    return name;
  }

  protected Path dir() {
    return dir;
  }

  /** The server's current log file. */
  protected Path logFile() {
    return log;
  }

  protected Process process() {
    return process;
  }

  /** What the server printed on its standard output and error (console.log in its directory). */
  protected String console() {
    try {
      return Files.readString(dir.resolve("console.log"), StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Starts {@code command} with its output in console.log in {@code dir}. */
  protected static Process launch(Path dir, List<String> command) throws IOException {
    return launch(dir, command, Map.of());
  }

  /** The same, with these variables added to the environment. */
  protected static Process launch(Path dir, List<String> command, Map<String, String> environment)
      throws IOException {
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("console.log").toFile());
    builder.environment().putAll(environment);
    return builder.start();
  }

  private static final Duration BOOT = Duration.ofSeconds(300);

  /** What a server's output says of its start so far. */
  protected enum Boot {
    STARTING,
    STARTED,
    /** It lost a port (or its listener) it needs: it is killed and started again. */
    START_AGAIN
  }

  /** A new server process, launched and not waited for. */
  @FunctionalInterface
  protected interface Launch<P extends BridgeProcess> {
    P launch() throws IOException;
  }

  /**
   * Launches the server and returns it once the bridge answers {@code readyPath} as {@link
   * #SERVES_THE_ACCOUNT}; launched again (at most 3 times in all) when it lost a port, which
   * another program can take between its choice and its bind (see UnusedPort). A server that failed
   * to start is never left running.
   */
  protected static <P extends BridgeProcess> P startReady(
      String name, Path dir, String readyPath, Launch<P> launch) throws IOException {
    for (int attempt = 1; ; attempt++) {
      P bridge = launch.launch();
      boolean ready;
      try {
        ready = ((BridgeProcess) bridge).awaitReady(readyPath);
      } catch (RuntimeException failed) {
        bridge.kill();
        throw failed;
      }
      if (ready) {
        return bridge;
      }
      if (attempt == 3) {
        throw new IllegalStateException(name + " lost a port 3 times; see " + dir);
      }
    }
  }

  /**
   * Where the start stands, from the server's output; throws when it failed in a way another start
   * would not cure.
   */
  protected abstract Boot boot();

  /** Once the server has started: {@link #SERVES_THE_ACCOUNT} when the bridge is ready. */
  protected String readiness(String readyPath) {
    return probe(url(readyPath));
  }

  private boolean awaitReady(String readyPath) {
    long deadline = System.nanoTime() + BOOT.toNanos();
    String lastAnswer = "no answer";
    while (System.nanoTime() < deadline) {
      Boot boot = boot();
      if (boot == Boot.START_AGAIN) {
        kill();
        return false;
      }
      if (boot == Boot.STARTED) {
        lastAnswer = readiness(readyPath);
        if (SERVES_THE_ACCOUNT.equals(lastAnswer)) {
          return true;
        }
      }
      sleep(500);
    }
    kill();
    throw new IllegalStateException(
        name + " did not start within " + BOOT + " (last probe: " + lastAnswer + "); see " + dir);
  }

  /** What {@link #probe} says of a bridge that serves the account it is asked for. */
  protected static final String SERVES_THE_ACCOUNT = "HTTP 401";

  /**
   * The answer to GET url: its status ("HTTP 401"), or the failure in words (not listening yet, or
   * slower than the probe's 2 s).
   */
  protected static String probe(URI url) {
    try {
      HttpResponse<Void> answer =
          TestBridge.http()
              .send(
                  HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(2)).build(),
                  HttpResponse.BodyHandlers.discarding());
      return "HTTP " + answer.statusCode();
    } catch (IOException notYet) {
      return notYet.toString();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  protected boolean waitFor(Duration bound) {
    try {
      return process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  protected static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
