package io.wxbridge.token.control;

import io.wxbridge.accounts.entity.Account;
import io.wxbridge.outbound.control.OutboundClients.OutboundTimeouts;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Where and how patiently the bridge calls the WeChat API ({@code bridge.wechat.*}): read once here
 * for the token requests and for every other call to WeChat (wechatapi).
 */
@ApplicationScoped
public class WeChatEndpoint {
  @Inject
  @ConfigProperty(name = "bridge.wechat.api-url")
  URI apiUrl;

  @Inject
  @ConfigProperty(name = "bridge.wechat.connect-timeout")
  long connectTimeoutMillis;

  @Inject
  @ConfigProperty(name = "bridge.wechat.read-timeout")
  long readTimeoutMillis;

  /** The account's own api-url (e.g. a proxy with a fixed egress IP), or WeChat's. */
  public URI baseUri(Account account) {
    return account.apiUrl().orElse(apiUrl);
  }

  /** The longest one WeChat request may take: connecting, then waiting for its answer. */
  long longestRequestMillis() {
    return connectTimeoutMillis + readTimeoutMillis;
  }

  public OutboundTimeouts timeouts() {
    return OutboundTimeouts.ofMillis(connectTimeoutMillis, readTimeoutMillis);
  }
}
