package io.wxbridge.inbox;

import io.wxbridge.testing.BridgeProcess;
import io.wxbridge.testing.PayaraMicroProcess;
import io.wxbridge.testing.TestBridge;
import io.wxbridge.testing.WildFlyProcess;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * An extra bridge of the pass's own server kind on a PostgreSQL, its pool or datasource created
 * exactly as server-config/postgresql.md shows it: Payara Micro's post-boot commands, or
 * server-config/wildfly-postgresql.cli with the URL and credentials in the server's environment.
 */
final class PostgresBridge {
  private PostgresBridge() {}

  /** The DataSource's JNDI name as server-config/postgresql.md gives it for the server. */
  static String datasource() {
    return TestBridge.onWildFly() ? "java:/jdbc/wxbridge" : "jdbc/wxbridge";
  }

  /**
   * Starts a bridge named {@code name} with {@code config} on the database {@code bridge} of the
   * PostgreSQL at {@code port} (which need not listen yet).
   */
  static BridgeProcess start(String name, String config, int port) {
    if (TestBridge.onWildFly()) {
      Path serverConfig = Path.of(System.getProperty("bridge.server-config", "server-config"));
      return WildFlyProcess.start(
          name,
          config,
          new WildFlyProcess.Additions(
              serverConfig.resolve("wildfly-postgresql.cli"),
              Map.of("postgresql.jar", driver().toAbsolutePath().toString()),
              Map.of(
                  "BRIDGE_DB_URL", "jdbc:postgresql://localhost:" + port + "/bridge",
                  "BRIDGE_DB_USER", "postgres",
                  "BRIDGE_DB_PASSWORD", "unused")),
          InboxWeChat.READY);
    }
    String pool =
        "create-jdbc-connection-pool --datasourceclassname=org.postgresql.ds.PGSimpleDataSource "
            + "--restype=javax.sql.DataSource --isconnectvalidatereq=true --validationmethod=auto-commit --failconnection=true "
            + "--property user=postgres:password=unused:serverName=localhost:portNumber="
            + port
            + ":databaseName=bridge wxbridge-pool\n"
            + "create-jdbc-resource --connectionpoolid=wxbridge-pool jdbc/wxbridge\n";
    return PayaraMicroProcess.start(name, config, pool, List.of(driver()), InboxWeChat.READY);
  }

  private static Path driver() {
    return Path.of(System.getProperty("postgresql.jar", "target/postgresql.jar"));
  }
}
