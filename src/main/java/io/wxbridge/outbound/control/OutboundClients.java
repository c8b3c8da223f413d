package io.wxbridge.outbound.control;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.rest.client.RestClientBuilder;

/**
 * The one way the bridge builds its MicroProfile REST clients (WeChat API, token endpoints, Udesk's
 * message URL, Udesk's video API). Clients are built here rather than injected because each base
 * URL is per account; each is built once per (interface, base URL) and shared. Every client: has
 * the caller's bounded connect and read timeouts; runs on Apache HttpClient on both servers (on
 * Payara through Jersey's connector, {@link ApacheTransport}); sends every body with its length
 * ({@link BodiesWithTheirLength}); never re-sends a POST by itself; hands every status back as a
 * Response unless the caller registers its own mapper (no default exception mapper); follows no
 * redirect. On Jersey, String path parameters are sent as they are and query values exactly as
 * given, braces and percent signs included ({@link PlainStringParameters}); on RESTEasy, its
 * connection pool does not hold calls back ({@link #RESTEASY_POOL_SIZE}). Failures are classified
 * by {@link CallFailure}.
 */
@ApplicationScoped
public class OutboundClients {
  private static final Logger LOG = Logger.getLogger(OutboundClients.class.getName());
  static final String NO_DEFAULT_MAPPER = "microprofile.rest.client.disable.default.mapper";
  static final String FOLLOW_REDIRECTS = "jersey.config.client.followRedirects";

  /**
   * PlainStringParameters goes on Jersey's clients only: RESTEasy's MP client (WildFly 35, 3.0.1)
   * passes on as null every annotated argument that a registered converter provider does not
   * convert, so a {@code long} header parameter failed there (IllegalArgumentException).
   */
  private static final String JERSEY = "org.glassfish.jersey.";

  private static final String RESTEASY = "org.jboss.resteasy.";

  /**
   * RESTEasy's pool (WildFly) holds 50 connections per client and host by default, and a call
   * beyond them waited without a timeout: the bridge's own limits (relayed calls, media, forwards
   * per account), not the pool, must bound its calls (docs/token-and-wechat-api.md, "The transport
   * under the REST clients").
   */
  static final String RESTEASY_POOL_SIZE = "resteasy.connectionPoolSize";

  /**
   * The most connections a client keeps, on either engine: above the bridge's own limits at their
   * defaults (the WeChat API's client serves the relayed calls and the media, 64 each, and a few
   * more), so that those limits bound its calls; a client still cannot open sockets unbounded.
   */
  static final int MAX_CONNECTIONS = 1024;

  /**
   * A call the pool cannot serve waits for a connection at most the connect timeout, then fails as
   * one that was never sent ({@link CallFailure#NOT_CONNECTED}).
   */
  static final String RESTEASY_CHECKOUT_TIMEOUT = "resteasy.connectionCheckoutTimeout";

  private record Key(Class<?> type, URI baseUri) {}

  private final Map<Key, Object> clients = new ConcurrentHashMap<>();

  /** One per client on Apache HttpClient 5 (Payara): closes its expired idle connections. */
  private final List<Runnable> expiredConnectionClosers = new CopyOnWriteArrayList<>();

  /**
   * The client of this interface for this base URL, built on first use with these timeouts and
   * these providers (filters, readers, response mappers); later calls for the same pair return it
   * as built, whatever they pass.
   */
  public <T> T of(Class<T> type, URI baseUri, OutboundTimeouts timeouts, Object... providers) {
    return type.cast(
        clients.computeIfAbsent(
            new Key(type, baseUri), key -> build(type, baseUri, timeouts, List.of(providers))));
  }

  /**
   * Closes every client's idle connections that the server's Keep-Alive (at most 5 s) no longer
   * covers (IdleConnectionSweep calls it). On Payara only: RESTEasy's engine (WildFly) closes them
   * after one to two minutes (docs/token-and-wechat-api.md).
   */
  public void closeExpiredConnections() {
    for (Runnable closer : expiredConnectionClosers) {
      closer.run();
    }
  }

  private <T> T build(
      Class<T> type, URI baseUri, OutboundTimeouts timeouts, List<Object> providers) {
    RestClientBuilder builder =
        RestClientBuilder.newBuilder()
            .baseUri(baseUri)
            .connectTimeout(timeouts.connect().toMillis(), TimeUnit.MILLISECONDS)
            .readTimeout(timeouts.read().toMillis(), TimeUnit.MILLISECONDS)
            .followRedirects(false)
            .property(NO_DEFAULT_MAPPER, true)
            .property(FOLLOW_REDIRECTS, false);
    builder.register(BodiesWithTheirLength.class);
    Runnable closesExpired = null;
    if (builder.getClass().getName().startsWith(JERSEY)) {
      builder.register(PlainStringParameters.class);
      closesExpired = ApacheTransport.applyTo(builder, timeouts);
    }
    if (builder.getClass().getName().startsWith(RESTEASY)) {
      // RESTEasy's MP client hands a "resteasy.<setter>" property to its builder's setter
      builder.property(RESTEASY_POOL_SIZE, MAX_CONNECTIONS);
      builder.property(
          RESTEASY_CHECKOUT_TIMEOUT, List.of(timeouts.connect().toMillis(), TimeUnit.MILLISECONDS));
    }
    for (Object provider : providers) {
      if (provider instanceof Class<?> providerClass) {
        builder.register(providerClass);
      } else {
        builder.register(provider);
      }
    }
    T client = builder.build(type);
    if (closesExpired != null) { // only once built: a build that failed left no pool in use
      expiredConnectionClosers.add(closesExpired);
    }
    return client;
  }

  @PreDestroy
  void close() {
    for (Object client : clients.values()) {
      try {
        if (client instanceof AutoCloseable closeable) {
          closeable.close();
        }
      } catch (Exception e) {
        LOG.log(Level.FINE, "closing a REST client failed: {0}", CallFailure.describe(e));
      }
    }
    clients.clear();
    expiredConnectionClosers.clear();
  }

  /** Timeouts of an upstream, from its configuration keys. */
  public record OutboundTimeouts(Duration connect, Duration read) {
    public static OutboundTimeouts ofMillis(long connect, long read) {
      return new OutboundTimeouts(Duration.ofMillis(connect), Duration.ofMillis(read));
    }
  }
}
