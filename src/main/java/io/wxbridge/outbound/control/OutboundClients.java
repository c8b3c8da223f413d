package io.wxbridge.outbound.control;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.rest.client.RestClientBuilder;

/**
 * The MicroProfile REST clients for the WeChat API and token servers, one per interface and base
 * URL (an account may call WeChat through its own proxy), built once and shared. They are built
 * here rather than injected because the base URL is per account, and so that every one of them:
 * has bounded connect and read timeouts; streams request bodies of known length instead of
 * buffering them (fixed-length streaming); hands every status back as a Response (no default
 * exception mapper: WeChat's answers are passed on unchanged); follows no redirect.
 */
@ApplicationScoped
public class OutboundClients {
  private static final Logger LOG = Logger.getLogger(OutboundClients.class.getName());
  static final String FIXED_LENGTH_STREAMING = "jersey.config.client.httpUrlConnector.useFixedLengthStreaming";
  static final String NO_DEFAULT_MAPPER = "microprofile.rest.client.disable.default.mapper";
  static final String FOLLOW_REDIRECTS = "jersey.config.client.followRedirects";

  @Inject
  @ConfigProperty(name = "bridge.wechat.connect-timeout")
  long connectTimeoutMillis;

  @Inject
  @ConfigProperty(name = "bridge.wechat.read-timeout")
  long readTimeoutMillis;

  private record Key(Class<?> type, URI baseUri) {}

  private final Map<Key, AutoCloseable> clients = new ConcurrentHashMap<>();

  /** The client of this interface for this base URL. */
  public <T extends AutoCloseable> T of(Class<T> type, URI baseUri) {
    return type.cast(clients.computeIfAbsent(new Key(type, baseUri), key -> RestClientBuilder.newBuilder()
        .baseUri(baseUri)
        .connectTimeout(connectTimeoutMillis, TimeUnit.MILLISECONDS)
        .readTimeout(readTimeoutMillis, TimeUnit.MILLISECONDS)
        .property(FIXED_LENGTH_STREAMING, true)
        .property(NO_DEFAULT_MAPPER, true)
        .property(FOLLOW_REDIRECTS, false)
        .build(type)));
  }

  @PreDestroy
  void close() {
    for (AutoCloseable client : clients.values()) {
      try {
        client.close();
      } catch (Exception e) {
        LOG.log(Level.FINE, "closing a REST client failed: {0}", CallFailure.describe(e));
      }
    }
    clients.clear();
  }
}
