package io.wxbridge.videorecall.control;

import io.wxbridge.ProblemException;
import io.wxbridge.accounts.entity.Account;
import io.wxbridge.requests.entity.OnBehalfOf;
import io.wxbridge.requests.entity.RequestId;
import io.wxbridge.videorecall.entity.QrCodeDelivered;
import io.wxbridge.videorecall.entity.QrCodeParameters;
import io.wxbridge.videorecall.entity.RecallOrder;
import io.wxbridge.videorecall.entity.UdeskQrCode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.logging.Logger;
import org.eclipse.microprofile.faulttolerance.Bulkhead;

/**
 * One video recall: Udesk's QR code for a follower of an account, and, when the order says so, the
 * QR image delivered to the follower. The account supplies what Udesk needs besides the OpenID (the
 * video mini-program's sdkAppId and the account's id as Udesk knows it).
 */
@ApplicationScoped
// A recall holds a request thread while Udesk and WeChat answer; at most 8 at once (see
// UdeskRelay).
@Bulkhead(8)
public class VideoRecall {
  private static final Logger LOG = Logger.getLogger(VideoRecall.class.getName());

  @Inject UdeskVideoApi udesk;
  @Inject QrCodeDelivery delivery;

  /**
   * One log line per call, as for relayed calls: request id, account, outcome and duration (never
   * the OpenID).
   *
   * @return Udesk's answer as received, or with send the combined answer of {@link QrCodeDelivery}
   * @throws VideoRecallException the account has no video-sdk-app-id
   */
  public byte[] recall(Account account, RecallOrder order, RequestId request) {
    long started = System.nanoTime();
    String outcome = "failed";
    try {
      UdeskQrCode qrCode = udesk.generateQrCode(parameters(account, order));
      if (!order.send()) {
        outcome = "QR code generated";
        return qrCode.answer();
      }
      QrCodeDelivered delivered =
          delivery.deliver(account, order.openid(), qrCode, OnBehalfOf.request(request));
      outcome =
          delivered.sent()
              ? "QR code generated and sent"
              : "QR code generated, not sent: errcode "
                  + delivered.errcode()
                  + " ("
                  + delivered.errmsg()
                  + ")";
      return delivered.answer();
    } catch (ProblemException refused) {
      outcome = "refused (" + refused.status() + " " + refused.getMessage() + ")";
      throw refused;
    } finally {
      String result = outcome;
      long millis = (System.nanoTime() - started) / 1_000_000;
      LOG.info(
          () ->
              account.appId()
                  + ": video recall, request "
                  + request
                  + ": "
                  + result
                  + " in "
                  + millis
                  + " ms");
    }
  }

  private static QrCodeParameters parameters(Account account, RecallOrder order) {
    String sdkAppId =
        order
            .sdkAppId()
            .or(account::videoSdkAppId)
            .orElseThrow(() -> VideoRecallException.noSdkAppId(account));
    return new QrCodeParameters(
        sdkAppId,
        order.offiAccountId().orElse(account.officialAccountId()),
        order.openid(),
        order.callTimes(),
        order.customChannel());
  }
}
