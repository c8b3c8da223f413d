package io.wxbridge.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server directory (jboss.server.base.dir) of an extra WildFly: a copy of the suite's WildFly's
 * configuration, which the build made with server-config/wildfly.cli and
 * src/test/wildfly/bridge-it.cli (so the extra server is configured exactly as the suite's one),
 * and the bridge's WAR in its deployments directory, deployed by the deployment scanner at boot.
 * The installation (modules, jboss-modules.jar) is shared: only this directory is written to.
 */
final class WildFlyServerDir {
  private static final Duration CLI_BOUND = Duration.ofSeconds(120);

  private WildFlyServerDir() {}

  /** The unpacked WildFly the suite runs on (pom.xml, profile wildfly). */
  static Path home() {
    String home = System.getProperty("wildfly.home");
    if (home == null) {
      throw new IllegalStateException("wildfly.home is not set: run the WildFly pass (pom.xml)");
    }
    return Path.of(home);
  }

  /** Creates {@code base} afresh and returns it. */
  static Path create(Path base) throws IOException {
    TestBridge.deleteRecursively(base);
    Path configuration = Files.createDirectories(base.resolve("configuration"));
    Files.createDirectories(base.resolve("log"));
    Path deployments = Files.createDirectories(base.resolve("deployments"));
    try (var files = Files.list(home().resolve("standalone").resolve("configuration"))) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        Files.copy(file, configuration.resolve(file.getFileName()));
      }
    }
    withoutTheSuitesDeployment(configuration.resolve("standalone.xml"));
    logHere(configuration.resolve("logging.properties"), base.resolve("log").resolve("server.log"));
    Files.copy(
        TestBridge.war(),
        deployments.resolve(TestBridge.war().getFileName()),
        StandardCopyOption.REPLACE_EXISTING);
    return base;
  }

  /** Removes what an earlier start of this server logged. */
  static void clearLog(Path base) throws IOException {
    try (var files = Files.list(base.resolve("log"))) {
      for (Path file : files.toList()) {
        Files.delete(file);
      }
    }
  }

  private static final Pattern MODULE_ADD = Pattern.compile("^\\s*module add --name=([\\w.]+)");

  /**
   * The installation's modules are shared and jboss-cli refuses to add one twice: a module an
   * earlier server of this build added is used as it is, the rest of the script runs unchanged.
   */
  private static Path withoutModulesAlreadyAdded(Path script, Path base) throws IOException {
    List<String> lines = Files.readAllLines(script, StandardCharsets.UTF_8);
    List<String> kept = lines.stream().filter(line -> !moduleAlreadyAdded(line)).toList();
    if (kept.size() == lines.size()) {
      return script;
    }
    Path copy = base.resolve(script.getFileName());
    Files.write(copy, kept, StandardCharsets.UTF_8);
    return copy;
  }

  private static boolean moduleAlreadyAdded(String line) {
    Matcher module = MODULE_ADD.matcher(line);
    return module.find()
        && Files.isDirectory(
            home().resolve("modules").resolve(module.group(1).replace('.', '/')).resolve("main"));
  }

  /**
   * Runs a jboss-cli script offline (its embed-server) on this server directory only, as an
   * administrator runs it on theirs; what it printed goes to {@code output}.
   */
  static synchronized void configure(
      Path base, Path script, Map<String, String> properties, Path output) throws IOException {
    Path toRun = withoutModulesAlreadyAdded(script, base);
    List<String> command =
        new ArrayList<>(
            List.of(
                home().resolve("bin").resolve("jboss-cli.sh").toString(),
                "--file=" + toRun.toAbsolutePath(),
                "-Djboss.server.base.dir=" + base));
    properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
    ProcessBuilder cli = new ProcessBuilder(command).redirectErrorStream(true);
    cli.redirectOutput(output.toFile());
    cli.environment().put("JAVA_HOME", System.getProperty("java.home"));
    cli.environment().put("JAVA_OPTS", "-XX:TieredStopAtLevel=1"); // as the server: a short run
    Process run = cli.start();
    try {
      if (!run.waitFor(CLI_BOUND.toSeconds(), TimeUnit.SECONDS)) {
        run.destroyForcibly();
        throw new IllegalStateException(script + " did not end within " + CLI_BOUND);
      }
    } catch (InterruptedException e) {
      run.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    if (run.exitValue() != 0) {
      String said = Files.readString(output, StandardCharsets.UTF_8);
      throw new IllegalStateException(
          script
              + " failed ("
              + run.exitValue()
              + "): "
              + said.substring(Math.max(0, said.length() - 2000)));
    }
  }

  /**
   * While the suite runs, Arquillian's deployment is recorded in standalone.xml, with its content
   * in the suite's server's data directory: WildFly refuses to boot on a deployment whose content
   * it does not have. This server gets the WAR from its deployments directory instead.
   */
  private static void withoutTheSuitesDeployment(Path standaloneXml) throws IOException {
    String xml = Files.readString(standaloneXml, StandardCharsets.UTF_8);
    Files.writeString(
        standaloneXml,
        xml.replaceAll("(?s)\\s*<deployments>.*?</deployments>", ""),
        StandardCharsets.UTF_8);
  }

  /**
   * WildFly writes logging.properties with the absolute path of its log file: the boot's first
   * lines, written before the logging subsystem takes over, would land in the suite's server.log.
   */
  private static void logHere(Path loggingProperties, Path log) throws IOException {
    String properties = Files.readString(loggingProperties, StandardCharsets.ISO_8859_1);
    Files.writeString(
        loggingProperties,
        properties.replaceAll(
            "(?m)^handler\\.FILE\\.fileName=.*$",
            Matcher.quoteReplacement("handler.FILE.fileName=" + log.toAbsolutePath())),
        StandardCharsets.ISO_8859_1);
  }
}
