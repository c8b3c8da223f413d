package io.wxbridge.videorecall.entity;

/** The QR code as fetched from Udesk's qrCodeUrl: a whole, size-checked image. */
public record QrImage(byte[] bytes, ImageType type) {
  public QrImage {
    bytes = bytes.clone();
  }

  @Override
  public byte[] bytes() {
    return bytes.clone();
  }

  public String fileName() {
    return type.fileName("qrcode");
  }
}
