package io.wxbridge.wechatapi.control;

import io.wxbridge.ProblemException;

/** The file to upload could not be read to its end (the caller's upload broke off): nothing was sent to WeChat. */
public class UnreadableUploadException extends ProblemException {
  private static final long serialVersionUID = 1L;
  /** WeChat's "media data missing". */
  static final int MEDIA_DATA_MISSING = 41005;

  public UnreadableUploadException() {
    super(400, MEDIA_DATA_MISSING, "the uploaded file could not be read to its end; nothing was sent to WeChat");
  }
}
