package io.wxbridge.accounts.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wxbridge.accounts.control.Accounts;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

/**
 * A bridge started with no account says so, and where to add one, in its log and on /health/ready.
 */
class NoAccountConfiguredTest {
  final Accounts accounts = new Accounts();

  NoAccountConfiguredTest() {
    accounts.load(key -> Optional.empty());
  }

  @Test
  void healthIsDownAndSaysWhereToAddAnAccount() {
    AccountsHealthCheck check = new AccountsHealthCheck();
    check.accounts = accounts;

    HealthCheckResponse health = check.call();

    assertEquals(HealthCheckResponse.Status.DOWN, health.getStatus());
    String message = health.getData().orElseThrow().get("message").toString();
    assertTrue(
        message.contains("No WeChat Official Account is configured"),
        "the message says no account is configured: " + message);
    assertTrue(
        message.contains("server-config/bridge.properties") && message.contains("BRIDGE_ACCOUNTS"),
        "the message says where to add an account: " + message);
  }

  @Test
  void startupLogSaysTheSame() {
    AccountsStartupReport report = new AccountsStartupReport();
    report.accounts = accounts;
    List<String> logged = new CopyOnWriteArrayList<>();
    Handler capture =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            logged.add(record.getLevel() + " " + record.getMessage());
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    Logger log = Logger.getLogger(AccountsStartupReport.class.getName());
    log.addHandler(capture);
    try {
      report.onStart(new Object());
    } finally {
      log.removeHandler(capture);
    }

    assertEquals(1, logged.size(), logged.toString());
    assertTrue(
        logged.get(0).startsWith("WARNING No WeChat Official Account is configured"),
        "one WARNING that no account is configured: " + logged.toString());
  }
}
