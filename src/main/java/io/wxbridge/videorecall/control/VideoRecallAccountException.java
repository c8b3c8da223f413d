package io.wxbridge.videorecall.control;

import io.wxbridge.ProblemException;
import io.wxbridge.accounts.entity.Account;

/** The account exists but is not set up for video recall. */
public class VideoRecallAccountException extends ProblemException {
  private static final long serialVersionUID = 1L;
  /** WeChat's "api unauthorized": the feature is not enabled for this account. */
  private static final int NOT_ENABLED = 48001;

  private VideoRecallAccountException(String message) {
    super(503, NOT_ENABLED, message);
  }

  static VideoRecallAccountException noSdkAppId(Account account) {
    return new VideoRecallAccountException("video recall is not set up for " + account.appId()
        + ": set bridge.account." + account.appId() + ".video-sdk-app-id (the video mini-program's sdkAppId)");
  }
}
