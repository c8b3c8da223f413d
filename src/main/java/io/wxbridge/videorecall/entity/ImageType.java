package io.wxbridge.videorecall.entity;

import java.util.Arrays;
import java.util.Optional;

/**
 * The image formats WeChat accepts as temporary image media, recognised by their first bytes rather
 * than by the Content-Type the image host claims.
 */
public enum ImageType {
  PNG("image/png", "png", new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A}),
  JPEG("image/jpeg", "jpg", new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF}),
  GIF("image/gif", "gif", new byte[] {'G', 'I', 'F', '8'});

  private final String contentType;
  private final String extension;
  private final byte[] magic;

  ImageType(String contentType, String extension, byte[] magic) {
    this.contentType = contentType;
    this.extension = extension;
    this.magic = magic;
  }

  public static Optional<ImageType> of(byte[] image) {
    return Arrays.stream(values())
        .filter(
            type ->
                image.length >= type.magic.length
                    && Arrays.equals(image, 0, type.magic.length, type.magic, 0, type.magic.length))
        .findFirst();
  }

  public String contentType() {
    return contentType;
  }

  public String fileName(String stem) {
    return stem + "." + extension;
  }
}
