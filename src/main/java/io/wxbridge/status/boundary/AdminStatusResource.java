package io.wxbridge.status.boundary;

import static io.wxbridge.SharedJson.JSON;

import io.wxbridge.JaxRsActivator;
import io.wxbridge.access.boundary.AdminOnly;
import io.wxbridge.access.control.CallerRestrictions;
import io.wxbridge.accounts.control.Accounts;
import io.wxbridge.accounts.control.ConfigurationHint;
import io.wxbridge.accounts.control.UdeskExposure;
import io.wxbridge.accounts.entity.Account;
import io.wxbridge.accounts.entity.ConfigProblem;
import io.wxbridge.inbox.control.InboxStatus;
import io.wxbridge.inbox.entity.AccountInboxCounts;
import io.wxbridge.token.boundary.AccessTokensHealthCheck;
import io.wxbridge.token.control.AccessTokens;
import io.wxbridge.token.entity.TokenState;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * GET /admin/status: the detail /health/ready used to give anyone (the accounts served, how each
 * face is protected, each token's state, every configuration problem), now for administrators only.
 * MicroProfile Health's /health is served by the server, not by this application, so it cannot see
 * who asks; its checks therefore carry no names, and the detail lives here, behind {@link
 * AdminOnly}.
 */
@Path("admin/status")
@AdminOnly
@RequestScoped
@Produces(MediaType.APPLICATION_JSON + ";charset=UTF-8")
@Tag(name = "Admin", description = AdminOnly.CALLERS)
@APIResponse(responseCode = "default", ref = JaxRsActivator.WECHAT_ERROR)
public class AdminStatusResource {
  @Inject Accounts accounts;
  @Inject AccessTokens tokens;
  @Inject Config config;
  @Inject InboxStatus inbox;
  @Inject CallerRestrictions restrictions;

  @GET
  @Operation(
      summary = "Accounts served, token states, inbox counts per account, configuration errors")
  public JsonObject status() {
    UdeskExposure exposure = new UdeskExposure(key -> config.getOptionalValue(key, String.class));
    JsonObjectBuilder served = JSON.createObjectBuilder();
    for (Account account : accounts.all()) {
      served.add(
          account.appId().value(),
          JSON.createObjectBuilder()
              .add("wechat-url", "/wechat/" + account.appId())
              .add("modes", account.canDecrypt() ? "plaintext, compatible, safe" : "plaintext")
              .add("udesk-face", udeskFace(exposure, account)));
    }
    JsonObjectBuilder tokenStates = JSON.createObjectBuilder();
    for (TokenState state : tokens.states()) {
      tokenStates.add(state.appId(), AccessTokensHealthCheck.describe(state));
    }
    JsonArrayBuilder problems = JSON.createArrayBuilder();
    accounts.problems().stream().map(ConfigProblem::toString).forEach(problems::add);
    JsonObjectBuilder status =
        JSON.createObjectBuilder()
            .add("accounts", served)
            .add("tokens", tokenStates)
            .add("inbox", inboxCounts())
            .add("configuration-errors", problems);
    if (accounts.noneConfigured()) {
      status.add("message", ConfigurationHint.NO_ACCOUNT);
    }
    return status.build();
  }

  /**
   * Per account: what the durable inbox holds; a string when the inbox is off, its database
   * unreachable, or the status query failed.
   */
  private jakarta.json.JsonValue inboxCounts() {
    return inbox
        .counts()
        .<jakarta.json.JsonValue>map(
            counts -> {
              JsonObjectBuilder byAccount = JSON.createObjectBuilder();
              for (AccountInboxCounts account : counts) {
                JsonObjectBuilder one =
                    JSON.createObjectBuilder()
                        .add("pending", account.pending())
                        .add("retrying", account.retrying())
                        .add("expired", account.expired())
                        .add("unsent-replies", account.unsentReplies());
                account
                    .oldestPending()
                    .ifPresent(age -> one.add("oldest-pending-seconds", age.toSeconds()));
                account.lastUdeskError().ifPresent(error -> one.add("last-udesk-error", error));
                byAccount.add(account.appId(), one);
              }
              return byAccount.build();
            })
        .orElse(
            JSON.createValue(
                "the inbox is off, its database is unreachable, or its status could not be read "
                    + "(see the log)"));
  }

  private String udeskFace(UdeskExposure exposure, Account account) {
    if (exposure.hasOwnAllowList(account)
        && restrictions.networks(UdeskExposure.accountAllowedIps(account.appId())).isEmpty()) {
      return "refuses every call: its udesk-allowed-ips is malformed (see the log)";
    }
    if (account.udeskPath().isPresent()) {
      return exposure.hasOwnAllowList(account)
          ? "protected by its udesk-path and its allow-list"
          : "protected by its udesk-path";
    }
    if (exposure.isProtected(account)) {
      return "protected by an allow-list";
    }
    return exposure.unprotectedAllowed()
        ? "UNPROTECTED, answers any caller (" + UdeskExposure.ALLOW_UNPROTECTED + ")"
        : "not protected: refuses every call until udesk-path or an allow-list is set";
  }
}
