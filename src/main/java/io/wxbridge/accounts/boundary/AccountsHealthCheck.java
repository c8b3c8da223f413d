package io.wxbridge.accounts.boundary;

import io.wxbridge.accounts.control.Accounts;
import io.wxbridge.accounts.control.ConfigurationHint;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once at least one account is served. Anonymous callers reach /health (the server serves it,
 * not this application, so it cannot tell who asks): it names no account and no configuration
 * problem, only where the detail is. The start-up log and GET /admin/status (administrators) have
 * the detail.
 */
@Readiness
@ApplicationScoped
public class AccountsHealthCheck implements HealthCheck {
  @Inject Accounts accounts;

  @Override
  public HealthCheckResponse call() {
    Map<String, Object> data = new LinkedHashMap<>();
    if (accounts.noneConfigured()) {
      data.put("message", ConfigurationHint.NO_ACCOUNT); // names no account: there is none
    }
    data.put("detail", "the start-up log, or GET /admin/status with bridge.admin.api-key");
    HealthCheckResponse.Status status =
        accounts.noneConfigured() ? HealthCheckResponse.Status.DOWN : HealthCheckResponse.Status.UP;
    return new HealthCheckResponse("accounts", status, Optional.of(data));
  }
}
