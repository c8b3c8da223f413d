package io.wxbridge.videorecall.control;

import io.wxbridge.videorecall.entity.QrCodeParameters;
import io.wxbridge.videorecall.entity.UdeskQrCode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.rest.client.RestClientBuilder;

/**
 * Asks Udesk's video API for a follower's mini-program QR code. Signs each request, bounds the
 * answer, and turns every failure into a clear {@link io.wxbridge.ProblemException}. Retries only
 * when the request provably never reached Udesk (connection refused or not established in time, no
 * route, unknown host): a
 * timeout or a broken connection may hide a request Udesk did receive, so those are reported, not
 * repeated.
 */
@ApplicationScoped
public class UdeskVideoApi {
  /** Udesk's answer is a small JSON object; anything bigger is not it. */
  static final int MAX_ANSWER_BYTES = 64 * 1024;

  @Inject UdeskVideoSettings settings;
  @Inject UdeskRequestSigner signer;

  private final UdeskVideoAnswerReader reader = new UdeskVideoAnswerReader();
  private UdeskVideoClient client;

  /**
   * POST bridge.video.qrcode-url: Udesk's "dynamically generate mini-program QR code".
   *
   * @throws UdeskVideoApiException Udesk refused, answered late or malformed, or is not configured
   * @throws UdeskVideoNotReachedException Udesk could not be reached, after the retries
   */
  @Retry(retryOn = UdeskVideoNotReachedException.class, maxRetries = 2, delay = 200, jitter = 100)
  public UdeskQrCode generateQrCode(QrCodeParameters parameters) {
    settings.requireComplete();
    boolean inQuery = settings.parametersInQuery();
    try (Response response = client().generateQrCode(
        inQuery ? parameters.sdkAppId() : null,
        inQuery ? parameters.offiAccountId() : null,
        inQuery ? parameters.offiAccountOpenId() : null,
        inQuery ? parameters.callTimes() : null,
        inQuery ? parameters.customChannel().orElse(null) : null,
        parameters.toJsonBytes())) {
      return reader.read(response.getStatus(), boundedBody(response));
    } catch (ProcessingException failure) {
      throw classified(failure);
    }
  }

  private synchronized UdeskVideoClient client() {
    if (client == null) {
      client = RestClientBuilder.newBuilder()
          .baseUri(settings.qrcodeUrl())
          .connectTimeout(settings.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
          .readTimeout(settings.readTimeout().toMillis(), TimeUnit.MILLISECONDS)
          .property("microprofile.rest.client.disable.default.mapper", true)
          .register(new UdeskSigningFilter(() -> signer.sign(settings.appId(), settings.secret()), settings.headers()))
          .build(UdeskVideoClient.class);
    }
    return client;
  }

  private static byte[] boundedBody(Response response) {
    if (!response.hasEntity()) {
      return new byte[0];
    }
    try (InputStream body = response.readEntity(InputStream.class)) {
      byte[] read = body.readNBytes(MAX_ANSWER_BYTES + 1);
      if (read.length > MAX_ANSWER_BYTES) {
        throw UdeskVideoApiException.malformed("the answer is larger than " + MAX_ANSWER_BYTES + " bytes");
      }
      return read;
    } catch (IOException failure) {
      throw new ProcessingException(failure);
    }
  }

  private RuntimeException classified(ProcessingException failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof ConnectException || cause instanceof NoRouteToHostException
          || cause instanceof UnknownHostException || connectTimedOut(cause)) {
        return new UdeskVideoNotReachedException(failure);
      }
      if (cause instanceof SocketTimeoutException) {
        return UdeskVideoApiException.timeout(settings.readTimeout().toMillis(), failure);
      }
    }
    return UdeskVideoApiException.broken(failure);
  }

  /** The JDK says "Connect timed out" when the TCP handshake never completed: nothing was sent. */
  private static boolean connectTimedOut(Throwable cause) {
    return cause instanceof SocketTimeoutException && cause.getMessage() != null
        && cause.getMessage().toLowerCase(Locale.ROOT).startsWith("connect");
  }
}
