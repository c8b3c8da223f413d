package io.wxbridge.videorecall.control;

import io.wxbridge.outbound.control.CallFailure;
import io.wxbridge.outbound.control.OutboundClients;
import io.wxbridge.outbound.control.OutboundClients.OutboundTimeouts;
import io.wxbridge.videorecall.entity.QrCodeParameters;
import io.wxbridge.videorecall.entity.UdeskQrCode;
import io.wxbridge.videorecall.entity.UdeskSignature;
import io.wxbridge.videorecall.entity.UdeskVideoAttempt;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import org.eclipse.microprofile.faulttolerance.Retry;

/**
 * Asks Udesk's video API for a follower's mini-program QR code. Signs each request, bounds the
 * answer, and turns every failure into a clear {@link io.wxbridge.ProblemException}. Retries only
 * when the request provably never reached Udesk (connection refused or not established in time, no
 * route, unknown host): a timeout or a broken connection may hide a request Udesk did receive, so
 * those are reported, not repeated.
 */
@ApplicationScoped
public class UdeskVideoApi {
  /** Udesk's answer is a small JSON object; anything bigger is not it. */
  static final int MAX_ANSWER_BYTES = 64 * 1024;

  @Inject UdeskVideoSettings settings;
  @Inject UdeskRequestSigner signer;
  @Inject AcceptedRequests acceptedRequests;
  @Inject VideoRecallSettings recallSettings;
  @Inject OutboundClients clients;
  @Inject Event<UdeskVideoAttempt> attempts;

  private final UdeskVideoAnswerReader reader = new UdeskVideoAnswerReader();

  /**
   * POST bridge.video.qrcode-url: Udesk's "dynamically generate mini-program QR code".
   *
   * @throws VideoRecallException Udesk refused, answered late or malformed, is not configured, or
   *     could not be reached (after the retries)
   */
  @Retry(retryOn = VideoRecallException.Retryable.class, maxRetries = 2, delay = 200, jitter = 100)
  public UdeskQrCode generateQrCode(QrCodeParameters parameters) {
    settings.requireComplete();
    boolean inQuery = settings.parametersInQuery();
    String outcome = "answered";
    try (Response response =
        client()
            .generateQrCode(
                inQuery ? parameters.sdkAppId() : null,
                inQuery ? parameters.offiAccountId() : null,
                inQuery ? parameters.offiAccountOpenId() : null,
                inQuery ? parameters.callTimes() : null,
                inQuery ? parameters.customChannel().orElse(null) : null,
                parameters.toJsonBytes())) {
      return reader.read(response.getStatus(), boundedBody(response));
    } catch (ProcessingException failure) {
      CallFailure how = CallFailure.of(failure);
      outcome = how.name().toLowerCase(Locale.ROOT);
      throw classified(how, failure);
    } finally {
      attempts.fire(new UdeskVideoAttempt(outcome));
    }
  }

  private UdeskVideoClient client() {
    return clients.of(
        UdeskVideoClient.class,
        settings.qrcodeUrl(),
        new OutboundTimeouts(settings.connectTimeout(), settings.readTimeout()),
        new UdeskSigningFilter(this::spentSignature, settings.headers()));
  }

  /**
   * A signature for one request to Udesk, remembered as a request already accepted: the third
   * parties of seed 002 sign their calls to the bridge with the same appId and secret ({@link
   * SignedCaller}), so whoever sees the bridge's request to Udesk (Udesk itself, a proxy that logs
   * headers) could otherwise replay its headers to the bridge's own QR-code interface within the
   * signature window, with a body of their choosing.
   */
  private UdeskSignature spentSignature() {
    UdeskSignature signature = signer.sign(settings.appId(), settings.secret());
    try {
      acceptedRequests.accept(
          signature.timestamp(),
          signature.nonce(),
          signature.timestamp(),
          recallSettings.signatureWindowSeconds());
    } catch (VideoRecallException signedCallsRefusedAnyway) {
      // no valid signature window, or memory full of requests within it (429): SignedCaller then
      // refuses every signed call, a replay of this one too, and the request to Udesk goes out (a
      // failure thrown here would reach the caller as a connection Udesk broke off)
    }
    return signature;
  }

  private static byte[] boundedBody(Response response) {
    if (!response.hasEntity()) {
      return new byte[0];
    }
    try (InputStream body = response.readEntity(InputStream.class)) {
      byte[] read = body.readNBytes(MAX_ANSWER_BYTES + 1);
      if (read.length > MAX_ANSWER_BYTES) {
        throw VideoRecallException.udeskMalformed(
            "the answer is larger than " + MAX_ANSWER_BYTES + " bytes");
      }
      return read;
    } catch (IOException failure) {
      throw new ProcessingException(failure);
    }
  }

  private RuntimeException classified(CallFailure how, ProcessingException failure) {
    return switch (how) {
      case NOT_CONNECTED -> VideoRecallException.Retryable.udeskNotReached(failure);
      case TIMED_OUT ->
          VideoRecallException.udeskTimedOut(settings.readTimeout().toMillis(), failure);
      case NO_ANSWER -> VideoRecallException.udeskBrokeOff(failure);
    };
  }
}
