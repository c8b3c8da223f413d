package io.wxbridge.testing;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * One temporary media item the fake holds: either bytes (uploaded or given by a test), a large file
 * generated on the fly (so a 20 MB download needs no 20 MB array), or a video, which WeChat answers
 * with {"video_url":…} instead of bytes.
 */
public record FakeMedia(String type, String contentType, String fileName, byte[] bytes, long generatedLength,
    String videoUrl) {

  static FakeMedia bytes(String type, String contentType, String fileName, byte[] bytes) {
    return new FakeMedia(type, contentType, fileName, bytes, -1, null);
  }

  static FakeMedia generated(String contentType, String fileName, long length) {
    return new FakeMedia("image", contentType, fileName, null, length, null);
  }

  static FakeMedia video(String videoUrl) {
    return new FakeMedia("video", "video/mp4", null, null, -1, videoUrl);
  }

  public boolean isVideo() {
    return videoUrl != null;
  }

  public long length() {
    return bytes != null ? bytes.length : generatedLength;
  }

  public InputStream open() {
    return bytes != null ? new java.io.ByteArrayInputStream(bytes) : generatedContent(generatedLength);
  }

  /** The SHA-256 (hex) of the content, to compare with what came through the bridge. */
  public String sha256() {
    try (InputStream in = open()) {
      return sha256(in);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The SHA-256 (hex) of a stream, read in small chunks. */
  public static String sha256(InputStream in) throws IOException {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[64 * 1024];
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        digest.update(buffer, 0, n);
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A deterministic stream of {@code length} bytes that are not all alike, generated as it is read. */
  public static InputStream generatedContent(long length) {
    return new InputStream() {
      private long position;

      @Override
      public int read() {
        if (position >= length) {
          return -1;
        }
        long at = position++;
        return (int) ((at * 31 + (at >>> 13)) & 0xff);
      }

      @Override
      public int read(byte[] buffer, int offset, int count) {
        if (position >= length) {
          return -1;
        }
        int n = (int) Math.min(count, length - position);
        for (int i = 0; i < n; i++) {
          long at = position++;
          buffer[offset + i] = (byte) ((at * 31 + (at >>> 13)) & 0xff);
        }
        return n;
      }
    };
  }
}
