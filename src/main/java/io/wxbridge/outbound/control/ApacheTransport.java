package io.wxbridge.outbound.control;

import io.wxbridge.outbound.control.OutboundClients.OutboundTimeouts;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.ProxySelector;
import java.net.UnknownHostException;
import java.util.List;
import javax.net.ssl.SSLException;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.DefaultConnectionKeepAliveStrategy;
import org.apache.hc.client5.http.impl.DefaultHttpRequestRetryStrategy;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.impl.routing.SystemDefaultRoutePlanner;
import org.apache.hc.core5.http.ConnectionClosedException;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.eclipse.microprofile.rest.client.RestClientBuilder;
import org.glassfish.jersey.apache5.connector.Apache5ClientProperties;
import org.glassfish.jersey.apache5.connector.Apache5ConnectorProvider;
import org.glassfish.jersey.apache5.connector.Apache5HttpClientBuilderConfigurator;

/**
 * On Jersey (Payara) every REST client runs on Apache HttpClient 5, through Jersey's connector, as
 * RESTEasy's run on Apache HttpClient 4 on WildFly. Why, and every setting here with its reason:
 * docs/token-and-wechat-api.md, "The transport under the REST clients". In short: no check of a
 * kept-alive connection before each POST (the JDK's connector's, a fifth of a send's CPU); a GET
 * re-sent once after a connection that broke before any answer, never a POST ({@link Resends}:
 * Jersey's connector declares a body repeatable that it cannot write twice, and a message must not
 * reach a follower twice); no cookies, no compressed answers, the JVM's proxy selector. An expired
 * idle connection is never used again, and closed by the next sweep ({@link #closeExpired}): the
 * pool itself closes only those it comes upon when it leases, and it leases the most recently
 * returned first, so after a burst the rest would stay open (half-closed once the server hangs up).
 */
final class ApacheTransport {
  static final TimeValue CHECKED_AFTER_IDLE = TimeValue.ofSeconds(1);
  static final TimeValue LONGEST_IDLE = TimeValue.ofSeconds(5);

  private ApacheTransport() {}

  /**
   * Puts the builder's client on Apache HttpClient; returns what closes its expired connections.
   */
  static Runnable applyTo(RestClientBuilder builder, OutboundTimeouts timeouts) {
    PoolingHttpClientConnectionManager connections = connections(timeouts);
    builder.register(new Apache5ConnectorProvider());
    builder.register(
        (Apache5HttpClientBuilderConfigurator)
            client ->
                client
                    .disableContentCompression()
                    .disableCookieManagement()
                    .setRoutePlanner(new SystemDefaultRoutePlanner(ProxySelector.getDefault())));
    builder.property(Apache5ClientProperties.RETRY_STRATEGY, new Resends());
    builder.property(Apache5ClientProperties.KEEPALIVE_STRATEGY, new KeptIdle());
    builder.property(Apache5ClientProperties.CONNECTION_CLOSING_STRATEGY, new DrainOrAbort());
    builder.property(
        Apache5ClientProperties.REQUEST_CONFIG,
        RequestConfig.custom().setConnectionRequestTimeout(Timeout.of(timeouts.connect())).build());
    builder.property(Apache5ClientProperties.CONNECTION_MANAGER, connections);
    return () -> closeExpired(connections);
  }

  static PoolingHttpClientConnectionManager connections(OutboundTimeouts timeouts) {
    return PoolingHttpClientConnectionManagerBuilder.create()
        .setMaxConnTotal(OutboundClients.MAX_CONNECTIONS)
        .setMaxConnPerRoute(OutboundClients.MAX_CONNECTIONS)
        .setDefaultSocketConfig(
            SocketConfig.custom().setSoTimeout(Timeout.of(timeouts.read())).build())
        .setDefaultConnectionConfig(
            ConnectionConfig.custom()
                .setConnectTimeout(Timeout.of(timeouts.connect()))
                .setSocketTimeout(Timeout.of(timeouts.read()))
                .setValidateAfterInactivity(CHECKED_AFTER_IDLE)
                .build())
        .build();
  }

  /** Closes the pool's idle connections whose keep-alive ({@link KeptIdle}) has run out. */
  static void closeExpired(PoolingHttpClientConnectionManager connections) {
    connections.closeExpired();
  }

  /** A GET once, on a connection that broke before any answer; the rest as Apache's default. */
  private static final class Resends extends DefaultHttpRequestRetryStrategy {
    Resends() {
      super(
          1,
          TimeValue.ZERO_MILLISECONDS,
          List.of(
              InterruptedIOException.class, // timeouts: the caller has waited long enough
              UnknownHostException.class,
              ConnectException.class,
              ConnectionClosedException.class, // an answer that broke off
              NoRouteToHostException.class,
              SSLException.class),
          List.of()); // no status is a reason to send again (a gateway's 503 is passed on)
    }
  }

  /** The server's Keep-Alive timeout, at most {@link #LONGEST_IDLE}. */
  static final class KeptIdle extends DefaultConnectionKeepAliveStrategy {
    @Override
    public TimeValue getKeepAliveDuration(HttpResponse response, HttpContext context) {
      TimeValue announced = super.getKeepAliveDuration(response, context);
      return TimeValue.isPositive(announced) && announced.compareTo(LONGEST_IDLE) < 0
          ? announced
          : LONGEST_IDLE;
    }
  }
}
