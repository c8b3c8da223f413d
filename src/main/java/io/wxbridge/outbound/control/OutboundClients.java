package io.wxbridge.outbound.control;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.rest.client.RestClientBuilder;

/**
 * The one way the bridge builds its MicroProfile REST clients (WeChat API, token endpoints, Udesk's
 * message URL, Udesk's video API). Clients are built here rather than injected because each base
 * URL is per account; each is built once per (interface, base URL) and shared. Every client: has
 * the caller's bounded connect and read timeouts; re-sends a POST by itself only where the caller
 * allows it ({@link PostResend}); hands every status back as a Response unless the caller registers
 * its own mapper (no default exception mapper); follows no redirect. On Jersey, String path
 * parameters are sent as they are and query values exactly as given, braces and percent signs
 * included ({@link PlainStringParameters}); on RESTEasy, its connection pool does not hold calls
 * back ({@link #RESTEASY_POOL_SIZE}). Failures are classified by {@link CallFailure}.
 */
@ApplicationScoped
public class OutboundClients {
  private static final Logger LOG = Logger.getLogger(OutboundClients.class.getName());
  static final String FIXED_LENGTH_STREAMING =
      "jersey.config.client.httpUrlConnector.useFixedLengthStreaming";
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
   * Above those limits at their defaults (the WeChat API's client serves the relayed calls and the
   * media, 64 each, and a few more); a client still cannot open sockets unbounded.
   */
  static final int RESTEASY_MAX_CONNECTIONS = 1024;

  /**
   * A call the pool cannot serve waits for a connection at most the connect timeout, then fails as
   * one that was never sent ({@link CallFailure#NOT_CONNECTED}).
   */
  static final String RESTEASY_CHECKOUT_TIMEOUT = "resteasy.connectionCheckoutTimeout";

  /**
   * Whether the engine may send a POST once more by itself when the connection broke before the
   * answer's status line: the JDK's HttpURLConnection under Jersey (Payara) re-sends a buffered
   * POST once, on a new connection (unless the JVM runs with -Dsun.net.http.retryPost=false), and
   * never a streamed one; RESTEasy's Apache engine (WildFly) re-sends only a body not yet sent
   * either way.
   */
  public enum PostResend {
    /**
     * Never (a message WeChat takes must not reach a follower twice): every body goes out with its
     * length ({@link BodiesWithTheirLength}), so the JDK streams it, whatever the JVM's options.
     * The JDK then checks a kept-alive connection before each streamed POST on it, a read that
     * waits 1 ms for nothing and throws: a fifth of a relayed send's CPU in a profile (docs/
     * token-and-wechat-api.md, "The transport under the REST clients").
     */
    NEVER,
    /**
     * Allowed, once after a send that may have arrived: for pushes to Udesk, which reach Udesk at
     * least once (a push whose connection broke before Udesk's answer is delivered again,
     * docs/inbox.md), so the re-send adds no case; a kept-alive connection Udesk closed as the push
     * went out then delivers it at once, and no push waits for the JDK's check. How: {@link
     * BodiesWithTheirLength} is not registered, so the body goes without a declared length and the
     * JDK buffers it (a Content-Length parameter on the interface would stream it again). On
     * WildFly it changes nothing.
     */
    ALLOWED
  }

  private record Key(Class<?> type, URI baseUri) {}

  private final Map<Key, Object> clients = new ConcurrentHashMap<>();

  /**
   * The client of this interface for this base URL, built on first use with these timeouts, this
   * choice of re-sent POSTs and these providers (filters, readers, response mappers); later calls
   * for the same pair return it as built, whatever they pass.
   */
  public <T> T of(
      Class<T> type,
      URI baseUri,
      OutboundTimeouts timeouts,
      PostResend resend,
      Object... providers) {
    return type.cast(
        clients.computeIfAbsent(
            new Key(type, baseUri),
            key -> build(type, baseUri, timeouts, resend, List.of(providers))));
  }

  private static <T> T build(
      Class<T> type,
      URI baseUri,
      OutboundTimeouts timeouts,
      PostResend resend,
      List<Object> providers) {
    RestClientBuilder builder =
        RestClientBuilder.newBuilder()
            .baseUri(baseUri)
            .connectTimeout(timeouts.connect().toMillis(), TimeUnit.MILLISECONDS)
            .readTimeout(timeouts.read().toMillis(), TimeUnit.MILLISECONDS)
            .followRedirects(false)
            .property(FIXED_LENGTH_STREAMING, true)
            .property(NO_DEFAULT_MAPPER, true)
            .property(FOLLOW_REDIRECTS, false);
    if (resend == PostResend.NEVER) {
      builder.register(BodiesWithTheirLength.class);
    }
    if (builder.getClass().getName().startsWith(JERSEY)) {
      builder.register(PlainStringParameters.class);
      warnOfFewKeptConnections();
    }
    if (builder.getClass().getName().startsWith(RESTEASY)) {
      // RESTEasy's MP client hands a "resteasy.<setter>" property to its builder's setter
      builder.property(RESTEASY_POOL_SIZE, RESTEASY_MAX_CONNECTIONS);
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
    return builder.build(type);
  }

  /**
   * Jersey's connector on Payara is the JDK's HttpURLConnection, which keeps at most
   * http.maxConnections idle connections per host (5 unless the JVM is told otherwise): above that
   * many concurrent calls, each opens a new TCP and TLS connection. The option is the JVM's, so it
   * can only be pointed out, once.
   */
  private static void warnOfFewKeptConnections() {
    if (Integer.getInteger("http.maxConnections", 5) <= 5
        && !warnedOfFewConnections.getAndSet(true)) {
      LOG.warning(
          "The JVM keeps at most 5 idle connections per host to WeChat and Udesk: start it with"
              + " -Dhttp.maxConnections=64, as README's commands do, so that concurrent calls reuse"
              + " their connections");
    }
  }

  private static final AtomicBoolean warnedOfFewConnections = new AtomicBoolean();

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
  }

  /** Timeouts of an upstream, from its configuration keys. */
  public record OutboundTimeouts(Duration connect, Duration read) {
    public static OutboundTimeouts ofMillis(long connect, long read) {
      return new OutboundTimeouts(Duration.ofMillis(connect), Duration.ofMillis(read));
    }
  }
}
