package io.wxbridge.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An extra Payara Micro running the bridge's WAR, started with --nocluster (the database is the
 * shared state), its configuration as system properties (--systemproperties) and the suite's
 * post-boot file plus the caller's asadmin commands.
 */
public final class PayaraMicroProcess extends BridgeProcess {
  private static final String STARTUP_FAILED = "Shutting down server due to startup exception";

  /**
   * Seen once in CI: the post-boot commands reconfigure the HTTP listener while a probe is being
   * answered, Payara logs this, reports "ready" and never listens again.
   */
  private static final String LISTENER_LOST = "GrizzlyProxy is NULL";

  /** Payara Micro's last start-up line ("Payara Micro 6.… ready in … (ms)"). */
  private static final String READY = ") ready in ";

  private PayaraMicroProcess(String name, Path dir, int port, Process process) {
    super(name, dir, dir.resolve("server.log"), port, process);
  }

  /**
   * Starts a bridge and returns once {@code readyPath} answers 401 (while the WAR is being
   * deployed, Payara Micro answers 404 or 500).
   *
   * @param postBootCommands asadmin commands run after the suite's own post-boot file (e.g. a JDBC
   *     pool)
   * @param addLibs jars for the server's class path (e.g. the PostgreSQL driver)
   */
  public static PayaraMicroProcess start(
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
      return startReady(
          name,
          dir,
          readyPath,
          () -> {
            // Payara Micro appends to server.log.0 (and rotates): log checks see this start's only
            try (var old = Files.list(dir)) {
              for (Path file :
                  old.filter(f -> f.getFileName().toString().startsWith("server.log")).toList()) {
                Files.delete(file);
              }
            }
            return launch(name, dir, propertiesFile, postBoot, addLibs);
          });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static PayaraMicroProcess launch(
      String name, Path dir, Path propertiesFile, Path postBoot, List<Path> addLibs)
      throws IOException {
    int port = UnusedPort.next();
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m",
                "-XX:+UseParallelGC",
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
                "--prebootcommandfile",
                Path.of(
                        System.getProperty("bridge.server-config", "server-config"),
                        "pre-boot-commands.asadmin")
                    .toAbsolutePath()
                    .toString(),
                "--postbootcommandfile",
                postBoot.toString(),
                "--logtofile",
                dir.resolve("server.log").toString()));
    for (Path lib : addLibs) {
      command.add("--addlibs");
      command.add(lib.toAbsolutePath().toString());
    }
    return new PayaraMicroProcess(name, dir, port, launch(dir, command));
  }

  /**
   * Payara Micro prints its start failure to the console. A port taken before it bound it, or an
   * HTTP listener lost in its reconfiguration, leaves it alive without listening: the console is
   * the only sign, and it is started again.
   */
  @Override
  protected Boot boot() {
    if (!process().isAlive()) {
      throw new IllegalStateException(
          name() + " exited with " + process().exitValue() + "; see " + dir());
    }
    String log = console();
    if (log.contains(STARTUP_FAILED)) {
      if (log.contains("Address already in use")) {
        return Boot.START_AGAIN;
      }
      throw new IllegalStateException(name() + " failed to start; see " + dir());
    }
    if (log.contains(LISTENER_LOST)) {
      return Boot.START_AGAIN;
    }
    // no probe before: Payara reconfigures its listener until then (see LISTENER_LOST)
    return log.contains(READY) ? Boot.STARTED : Boot.STARTING;
  }
}
