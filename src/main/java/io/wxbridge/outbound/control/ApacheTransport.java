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
 * RESTEasy's run on Apache HttpClient 4 on WildFly; Jersey's default, the JDK's HttpURLConnection,
 * checks a kept-alive connection before each streamed POST with a read that waits 1 ms and throws,
 * a fifth of a relayed send's CPU (docs/token-and-wechat-api.md, "The transport under the REST
 * clients", with the measurements that chose it).
 *
 * <p>Each client has its own pool of at most {@link OutboundClients#MAX_CONNECTIONS} connections
 * (the bridge's own limits bound its calls, not the pool), and waits for a free one at most the
 * connect timeout. The read timeout bounds every read, the TLS handshake's too. A connection idle
 * for more than {@link #CHECKED_AFTER_IDLE} is checked before it is used again, and none is kept
 * idle longer than the server's Keep-Alive timeout or {@link #LONGEST_IDLE}, the JDK's default. An
 * answer closed before its end is read on only up to {@link DrainOrAbort#BUDGET}, then its
 * connection is dropped. The engine re-sends a GET by itself once when the connection it went out
 * on broke before any answer; never a POST (a message must not reach a follower twice; Jersey's
 * connector could not write its body a second time anyway), never after a timeout, never because of
 * an answer's status. It keeps no cookies, asks for no compressed answers (a medium's length and
 * bytes pass as WeChat sent them), and goes through the proxy the JVM's ProxySelector names ({@code
 * -Dhttps.proxyHost}, as the JDK's client did).
 */
final class ApacheTransport {
  static final TimeValue CHECKED_AFTER_IDLE = TimeValue.ofSeconds(1);
  static final TimeValue LONGEST_IDLE = TimeValue.ofSeconds(5);

  private ApacheTransport() {}

  static void applyTo(RestClientBuilder builder, OutboundTimeouts timeouts) {
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
    builder.property(
        Apache5ClientProperties.CONNECTION_MANAGER,
        PoolingHttpClientConnectionManagerBuilder.create()
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
            .build());
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
  private static final class KeptIdle extends DefaultConnectionKeepAliveStrategy {
    @Override
    public TimeValue getKeepAliveDuration(HttpResponse response, HttpContext context) {
      TimeValue announced = super.getKeepAliveDuration(response, context);
      return TimeValue.isPositive(announced) && announced.compareTo(LONGEST_IDLE) < 0
          ? announced
          : LONGEST_IDLE;
    }
  }
}
