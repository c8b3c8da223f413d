package io.wxbridge.token.boundary;

import io.wxbridge.token.control.AccessTokens;
import io.wxbridge.token.entity.TokenState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Locale;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Per account: whether a token is held, its age and how long it is still good for, or the errcode
 * WeChat refused it with and when the bridge asks again. Never the token. Stays UP when an account's
 * token is refused: that is the account's configuration (IP whitelist, AppSecret) to fix, while the
 * bridge still serves every other account and every WeChat push; the data says what is wrong.
 */
@Readiness
@ApplicationScoped
public class AccessTokensHealthCheck implements HealthCheck {
  @Inject AccessTokens tokens;

  @Override
  public HealthCheckResponse call() {
    HealthCheckResponseBuilder health = HealthCheckResponse.named("access-tokens").up();
    for (TokenState state : tokens.states()) {
      health.withData(state.appId(), describe(state));
    }
    return health.build();
  }

  static String describe(TokenState state) {
    StringBuilder said = new StringBuilder(state.mode().name().toLowerCase(Locale.ROOT)).append(", ");
    if (state.held()) {
      said.append("held, age ").append(state.age().orElseThrow().toSeconds()).append(" s, expires in ")
          .append(state.remaining().orElseThrow().toSeconds()).append(" s");
    } else {
      said.append("none held");
    }
    state.refusedWith().ifPresent(errcode -> said.append(", refused with ").append(errcode)
        .append(", next attempt in ").append(state.nextAttemptIn().map(d -> d.toSeconds()).orElse(0L)).append(" s"));
    return said.toString();
  }
}
