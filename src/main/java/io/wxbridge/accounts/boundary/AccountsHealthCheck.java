package io.wxbridge.accounts.boundary;

import io.wxbridge.accounts.control.Accounts;
import io.wxbridge.accounts.control.ConfigurationHint;
import io.wxbridge.accounts.entity.ConfigProblem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once at least one account is served; lists the accounts and any configuration errors. */
@Readiness
@ApplicationScoped
public class AccountsHealthCheck implements HealthCheck {
  @Inject Accounts accounts;

  @Override
  public HealthCheckResponse call() {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("accounts", accounts.all().stream().map(a -> a.appId().value()).collect(Collectors.joining(",")));
    if (accounts.noneConfigured()) {
      data.put("message", ConfigurationHint.NO_ACCOUNT);
    }
    if (!accounts.problems().isEmpty()) {
      data.put("configuration-errors",
          accounts.problems().stream().map(ConfigProblem::toString).collect(Collectors.joining("; ")));
    }
    HealthCheckResponse.Status status =
        accounts.noneConfigured() ? HealthCheckResponse.Status.DOWN : HealthCheckResponse.Status.UP;
    return new HealthCheckResponse("accounts", status, Optional.of(data));
  }
}
