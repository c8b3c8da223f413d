package io.wxbridge.token.boundary;

import io.wxbridge.token.entity.TokenState;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Locale;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Always UP, and says nothing more: anonymous callers reach /health, so the per-account detail
 * (which AppIDs are served, their token states) is on GET /admin/status, for administrators. The
 * detail, per account: whether a token is held, its age and how long it is still good for, or the
 * errcode WeChat refused it with and when the bridge asks again. Never the token. Stays UP when an
 * account's token is refused: that is the account's configuration (IP whitelist, AppSecret) to fix,
 * while the bridge still serves every other account and every WeChat push; the log and GET
 * /admin/status say what is wrong.
 */
@Readiness
@ApplicationScoped
public class AccessTokensHealthCheck implements HealthCheck {
  @Override
  public HealthCheckResponse call() {
    return HealthCheckResponse.named("access-tokens").up().build();
  }

  /** One token's state in words, for GET /admin/status. */
  public static String describe(TokenState state) {
    StringBuilder said =
        new StringBuilder(state.mode().name().toLowerCase(Locale.ROOT)).append(", ");
    if (state.held()) {
      said.append("held, age ")
          .append(state.age().orElseThrow().toSeconds())
          .append(" s, expires in ")
          .append(state.remaining().orElseThrow().toSeconds())
          .append(" s");
    } else {
      said.append("none held");
    }
    state
        .failedWith()
        .ifPresent(
            errcode ->
                said.append(state.refused() ? ", refused with " : ", last fetch failed with ")
                    .append(errcode)
                    .append(", next attempt in ")
                    .append(state.nextAttemptIn().map(d -> d.toSeconds()).orElse(0L))
                    .append(" s"));
    return said.toString();
  }
}
