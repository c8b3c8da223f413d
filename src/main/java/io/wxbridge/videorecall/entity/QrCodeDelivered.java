package io.wxbridge.videorecall.entity;

/**
 * What sending a QR code to the follower came to: the combined answer for the caller, and its
 * errcode (0 when WeChat took the image message), which the call's log line reports.
 */
public record QrCodeDelivered(int errcode, String errmsg, byte[] answer) {
  public QrCodeDelivered {
    answer = answer.clone();
  }

  @Override
  public byte[] answer() {
    return answer.clone();
  }

  public boolean sent() {
    return errcode == 0;
  }
}
