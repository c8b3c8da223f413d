package io.wxbridge.accounts.boundary;

import io.wxbridge.accounts.control.Accounts;
import io.wxbridge.accounts.control.ConfigurationHint;
import io.wxbridge.accounts.entity.ConfigProblem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.stream.Collectors;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Ready once at least one account is served; lists the accounts and any configuration errors. */
@Readiness
@ApplicationScoped
public class AccountsHealthCheck implements HealthCheck {
  @Inject Accounts accounts;

  @Override
  public HealthCheckResponse call() {
    HealthCheckResponseBuilder health = HealthCheckResponse.named("accounts")
        .status(!accounts.noneConfigured())
        .withData("accounts", accounts.all().stream().map(a -> a.appId().value()).collect(Collectors.joining(",")));
    if (accounts.noneConfigured()) {
      health.withData("message", ConfigurationHint.NO_ACCOUNT);
    }
    if (!accounts.problems().isEmpty()) {
      health.withData("configuration-errors",
          accounts.problems().stream().map(ConfigProblem::toString).collect(Collectors.joining("; ")));
    }
    return health.build();
  }
}
