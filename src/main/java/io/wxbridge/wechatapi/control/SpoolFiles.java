package io.wxbridge.wechatapi.control;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The temporary files media pass through (uploads for a retry, downloads without a length). */
final class SpoolFiles {
  private SpoolFiles() {}

  /** A new empty file in the JVM's temporary directory, named {@code wxbridge-<kind>-….part}. */
  static Path create(String kind) {
    try {
      return Files.createTempFile("wxbridge-" + kind + "-", ".part");
    } catch (IOException noSpace) {
      throw new UncheckedIOException("no temporary file for a media " + kind, noSpace);
    }
  }

  static void delete(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException stays) {
      throw new UncheckedIOException("a spooled medium could not be deleted: " + file, stays);
    }
  }
}
