package io.wxbridge.videorecall.boundary;

import io.wxbridge.accounts.control.Accounts;
import io.wxbridge.accounts.entity.Account;
import io.wxbridge.accounts.entity.ConfigProblem;
import io.wxbridge.videorecall.control.UdeskVideoSettings;
import io.wxbridge.videorecall.control.VideoRecallSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Tells the administrator at start whether video recall can work, and if not, which keys are
 * missing or wrong (named, never with their values: the secret and the api-key are among them).
 */
@ApplicationScoped
public class VideoRecallStartupReport {
  private static final Logger LOG = Logger.getLogger(VideoRecallStartupReport.class.getName());

  @Inject UdeskVideoSettings udesk;
  @Inject VideoRecallSettings settings;
  @Inject Accounts accounts;

  void onStart(@Observes @Initialized(ApplicationScoped.class) Object started) {
    List<ConfigProblem> problems = new ArrayList<>(settings.problems());
    problems.addAll(udesk.problems());
    List<String> ready =
        accounts.all().stream()
            .filter(a -> a.videoSdkAppId().isPresent())
            .map(a -> a.appId().value())
            .toList();
    List<String> notSetUp =
        accounts.all().stream()
            .filter(a -> a.videoSdkAppId().isEmpty())
            .map(Account::appId)
            .map(id -> "bridge.account." + id + ".video-sdk-app-id")
            .toList();
    if (!problems.isEmpty()) {
      LOG.warning(
          "Video recall (POST /video-recall/<appid>/qrcode) cannot work until these are fixed: "
              + problems.stream().map(ConfigProblem::toString).collect(Collectors.joining("; ")));
    } else {
      LOG.info(
          "Video recall: POST /video-recall/<appid>/qrcode calls "
              + udesk.qrcodeUrl().getHost()
              + " with headers "
              + udesk.headers().appId()
              + ", "
              + udesk.headers().nonce()
              + ", "
              + udesk.headers().timestamp()
              + ", "
              + udesk.headers().token()
              + "; accounts set up: "
              + (ready.isEmpty() ? "none" : String.join(", ", ready)));
    }
    if (!notSetUp.isEmpty()) {
      LOG.info(
          "Video recall is not set up for these accounts (missing): "
              + String.join(", ", notSetUp));
    }
  }
}
