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
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * An extra WildFly running the bridge's WAR: the suite's unpacked, configured installation with a
 * server directory of its own (WildFlyServerDir), its own ports, and its configuration as a
 * MicroProfile Config directory, as the suite's WildFly reads its own (the config source
 * src/test/wildfly/bridge-it.cli adds reads ${bridge.it.dir}/config). Started as standalone.sh
 * starts it, but without the script: SIGTERM and SIGKILL then reach WildFly's JVM itself, not a
 * shell that would leave it running.
 */
public final class WildFlyProcess extends BridgeProcess {

  /** "WildFly … started in … ms": the boot is over, the deployment scanner's WAR included. */
  private static final String STARTED = "WFLYSRV0025";

  /** "WildFly … started (with errors) in … ms". */
  private static final String STARTED_WITH_ERRORS = "WFLYSRV0026";

  private static final Pattern BRIDGES_CHECK = Pattern.compile("\"name\"\\s*:\\s*\"accounts\"");

  /** The modular JDK options WildFly's bin/common.sh gives the JVM (JDK 17). */
  private static final List<String> MODULAR_JDK =
      List.of(
          "--add-exports=java.desktop/sun.awt=ALL-UNNAMED",
          "--add-exports=java.naming/com.sun.jndi.ldap=ALL-UNNAMED",
          "--add-exports=java.naming/com.sun.jndi.url.ldap=ALL-UNNAMED",
          "--add-exports=java.naming/com.sun.jndi.url.ldaps=ALL-UNNAMED",
          "--add-exports=jdk.naming.dns/com.sun.jndi.dns=ALL-UNNAMED",
          "--add-opens=java.base/java.lang=ALL-UNNAMED",
          "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
          "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
          "--add-opens=java.base/java.io=ALL-UNNAMED",
          "--add-opens=java.base/java.net=ALL-UNNAMED",
          "--add-opens=java.base/java.security=ALL-UNNAMED",
          "--add-opens=java.base/java.util=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
          "--add-opens=java.management/javax.management=ALL-UNNAMED",
          "--add-opens=java.naming/javax.naming=ALL-UNNAMED",
          "--add-modules=java.se");

  private final int managementPort;

  /**
   * What a check adds to the suite's configuration of its server: a jboss-cli script run offline on
   * the server's own directory before it starts (e.g. server-config/wildfly-postgresql.cli), with
   * the system properties the script reads, and variables for the server's environment. A script
   * that adds a module adds it to the shared installation, where jboss-cli refuses to add it twice:
   * a later server of the build uses the module as it is (pom.xml removes it before the next
   * build).
   */
  public record Additions(
      Path cliScript, Map<String, String> cliProperties, Map<String, String> environment) {}

  private WildFlyProcess(
      String name, Path dir, Path base, int port, int managementPort, Process process) {
    super(name, dir, base.resolve("log").resolve("server.log"), port, process);
    this.managementPort = managementPort;
  }

  /**
   * Starts a bridge and returns once its health says ready (the bridge's own checks included) and
   * {@code readyPath} answers 401.
   */
  public static WildFlyProcess start(String name, String properties, String readyPath) {
    return start(name, properties, null, readyPath);
  }

  /** The same, with the check's additions to the server's configuration (may be null). */
  public static WildFlyProcess start(
      String name, String properties, Additions additions, String readyPath) {
    try {
      Path dir = TestBridge.itDir().resolve(name).toAbsolutePath();
      Files.createDirectories(dir);
      TestBridge.writeConfigDirectory(dir.resolve("config"), properties);
      Path base = WildFlyServerDir.create(dir.resolve("server"));
      Map<String, String> environment = Map.of();
      if (additions != null) {
        WildFlyServerDir.configure(
            base, additions.cliScript(), additions.cliProperties(), dir.resolve("cli.log"));
        environment = additions.environment();
      }
      Map<String, String> env = environment;
      return startReady(
          name,
          dir,
          readyPath,
          () -> {
            WildFlyServerDir.clearLog(base); // so that its log holds this start only
            return launch(name, dir, base, env);
          });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static WildFlyProcess launch(
      String name, Path dir, Path base, Map<String, String> environment) throws IOException {
    Path home = WildFlyServerDir.home().toAbsolutePath();
    int port = UnusedPort.next();
    int managementPort = UnusedPort.next();
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-D[Standalone]",
                "-Xmx512m",
                "-XX:+UseParallelGC",
                // C1 only: it boots in 14-17 s instead of 23-42 s on 2 shared cores (measured with
                // the bridge's WAR), and it runs for a minute at most
                "-XX:TieredStopAtLevel=1"));
    command.addAll(MODULAR_JDK);
    command.addAll(
        List.of(
            "-Djboss.home.dir=" + home,
            "-Djboss.server.base.dir=" + base,
            "-Djboss.server.log.dir=" + base.resolve("log"),
            "-Djboss.server.config.dir=" + base.resolve("configuration"),
            "-Dorg.jboss.boot.log.file=" + base.resolve("log").resolve("server.log"),
            "-Dlogging.configuration=file:" + base.resolve("configuration/logging.properties"),
            "-Djboss.http.port=" + port,
            "-Djboss.https.port=" + UnusedPort.next(),
            "-Djboss.management.http.port=" + managementPort,
            "-Djboss.management.https.port=" + UnusedPort.next(),
            "-Dbridge.it.dir=" + dir, // the configuration: dir/config
            "-jar",
            home.resolve("jboss-modules.jar").toString(),
            "-mp",
            home.resolve("modules").toString(),
            "org.jboss.as.standalone",
            "-c=standalone.xml"));
    return new WildFlyProcess(
        name, dir, base, port, managementPort, launch(dir, command, environment));
  }

  /**
   * A management port WildFly cannot bind ends its JVM, an HTTP port makes it "start (with
   * errors)": started again. Any other failure throws, with the errors WildFly logged.
   */
  @Override
  protected Boot boot() {
    String console = console();
    if (!process().isAlive() || console.contains(STARTED_WITH_ERRORS)) {
      if (console.contains("Address already in use")) {
        return Boot.START_AGAIN;
      }
      throw new IllegalStateException(name() + " failed to start: " + errors() + "; see " + dir());
    }
    return console.contains(STARTED) ? Boot.STARTED : Boot.STARTING;
  }

  /** Its health first (the bridge's own checks among the server's), then the bridge itself. */
  @Override
  protected String readiness(String readyPath) {
    String health = health();
    return health.equals("UP") ? super.readiness(readyPath) : health;
  }

  /**
   * "UP" when /health/ready (on the management port) answers 200 with the bridge's own check among
   * the server's; otherwise what it answered.
   */
  private String health() {
    URI ready = URI.create("http://127.0.0.1:" + managementPort + "/health/ready");
    try {
      HttpResponse<String> health =
          TestBridge.http()
              .send(
                  HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(2)).build(),
                  HttpResponse.BodyHandlers.ofString());
      if (health.statusCode() == 200 && BRIDGES_CHECK.matcher(health.body()).find()) {
        return "UP";
      }
      return "health HTTP " + health.statusCode() + " " + health.body();
    } catch (IOException notYet) {
      return notYet.toString();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * The reason WildFly gave: its ERROR lines (at most 5), the deployment scanner's failure marker,
   * or the end of its console output when it did not get as far as its log.
   */
  private String errors() {
    List<String> errors = new ArrayList<>();
    String log = Files.exists(logFile()) ? log() : "";
    log.lines().filter(line -> line.contains(" ERROR [")).limit(5).forEach(errors::add);
    Path failed = logFile().getParent().resolveSibling("deployments").resolve(failedMarker());
    try {
      if (Files.exists(failed)) {
        errors.add(Files.readString(failed, StandardCharsets.UTF_8));
      }
      if (errors.isEmpty()) {
        String console = console();
        errors.add(console.substring(Math.max(0, console.length() - 2000)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return errors.stream().collect(Collectors.joining("\n"));
  }

  private static String failedMarker() {
    return TestBridge.war().getFileName() + ".failed";
  }
}
