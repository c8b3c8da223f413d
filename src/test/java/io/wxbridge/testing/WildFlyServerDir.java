package io.wxbridge.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.regex.Matcher;

/**
 * The server directory (jboss.server.base.dir) of an extra WildFly: a copy of the suite's WildFly's
 * configuration, which the build made with server-config/wildfly.cli and
 * src/test/wildfly/bridge-it.cli (so the extra server is configured exactly as the suite's one),
 * and the bridge's WAR in its deployments directory, deployed by the deployment scanner at boot.
 * The installation (modules, jboss-modules.jar) is shared: only this directory is written to.
 */
final class WildFlyServerDir {
  private WildFlyServerDir() {}

  /** The unpacked WildFly the suite runs on (pom.xml, profile wildfly). */
  static Path home() {
    String home = System.getProperty("wildfly.home");
    if (home == null) {
      throw new IllegalStateException("wildfly.home is not set: run the WildFly pass (pom.xml)");
    }
    return Path.of(home);
  }

  /** Creates {@code base} afresh (so its log holds this start only) and returns it. */
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
