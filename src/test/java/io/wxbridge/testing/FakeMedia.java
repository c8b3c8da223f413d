package io.wxbridge.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * One temporary media item the fake holds: either bytes (uploaded or given by a test), a large file
 * generated on the fly (so a 20 MB download needs no 20 MB array), or a video, which WeChat answers
 * with {"video_url":…} instead of bytes.
 */
public record FakeMedia(
    String type,
    String contentType,
    String fileName,
    byte[] bytes,
    Path file,
    long offset,
    long length,
    String videoUrl) {

  static FakeMedia bytes(String type, String contentType, String fileName, byte[] bytes) {
    return new FakeMedia(type, contentType, fileName, bytes, null, 0, bytes.length, null);
  }

  /** Media whose bytes are a slice of a larger array (an upload's body), kept without copying. */
  static FakeMedia slice(
      String type, String contentType, String fileName, byte[] body, int offset, int length) {
    return new FakeMedia(type, contentType, fileName, body, null, offset, length, null);
  }

  /** Media whose bytes are a region of a file (a large upload the fake spooled). */
  static FakeMedia inFile(
      String type, String contentType, String fileName, Path file, long offset, long length) {
    return new FakeMedia(type, contentType, fileName, null, file, offset, length, null);
  }

  static FakeMedia generated(String contentType, String fileName, long length) {
    return new FakeMedia("image", contentType, fileName, null, null, 0, length, null);
  }

  static FakeMedia video(String videoUrl) {
    return new FakeMedia("video", "video/mp4", null, null, null, 0, -1, videoUrl);
  }

  public boolean isVideo() {
    return videoUrl != null;
  }

  public InputStream open() {
    if (bytes != null) {
      return new java.io.ByteArrayInputStream(bytes, (int) offset, (int) length);
    }
    if (file != null) {
      try {
        InputStream in = java.nio.file.Files.newInputStream(file);
        in.skipNBytes(offset);
        return limited(in, length);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    return generatedContent(length);
  }

  private static InputStream limited(InputStream in, long length) {
    return new java.io.FilterInputStream(in) {
      private long left = length;

      @Override
      public int read() throws IOException {
        if (left <= 0) {
          return -1;
        }
        left--;
        return super.read();
      }

      @Override
      public int read(byte[] buffer, int off, int count) throws IOException {
        if (left <= 0) {
          return -1;
        }
        int n = super.read(buffer, off, (int) Math.min(count, left));
        if (n > 0) {
          left -= n;
        }
        return n;
      }
    };
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

  /**
   * A deterministic stream of {@code length} bytes that are not all alike, generated as it is read.
   */
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
