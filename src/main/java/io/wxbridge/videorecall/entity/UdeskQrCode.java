package io.wxbridge.videorecall.entity;

import java.net.URI;

/**
 * A successful answer of Udesk's QR-code API: the answer exactly as Udesk sent it (so callers get
 * Udesk's own words, including fields we do not know), and the QR image's URL read from it.
 */
public record UdeskQrCode(byte[] answer, URI qrCodeUrl) {
  public UdeskQrCode {
    answer = answer.clone();
  }

  @Override
  public byte[] answer() {
    return answer.clone();
  }
}
