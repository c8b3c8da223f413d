package io.wxbridge.videorecall.entity;

import jakarta.json.JsonObject;
import java.net.URI;

/**
 * A successful answer of Udesk's QR-code API: the answer exactly as Udesk sent it (so callers get
 * Udesk's own words, including fields we do not know), the object read from it once, and the QR
 * image's URL in it.
 */
public record UdeskQrCode(byte[] answer, JsonObject json, URI qrCodeUrl) {
  public UdeskQrCode {
    answer = answer.clone();
  }

  @Override
  public byte[] answer() {
    return answer.clone();
  }
}
