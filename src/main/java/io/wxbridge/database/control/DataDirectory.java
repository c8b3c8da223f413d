package io.wxbridge.database.control;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import java.util.logging.Logger;

/**
 * bridge.data-dir holds the embedded inbox: followers' messages, Udesk's answers and, in classic
 * token mode, the access token. Created readable by the server's user only; one that others can
 * read is used, with a WARNING (the administrator may have reasons, and the files are theirs).
 */
final class DataDirectory {
  private static final Logger LOG = Logger.getLogger(DataDirectory.class.getName());
  private static final Set<PosixFilePermission> OTHERS =
      EnumSet.complementOf(
          EnumSet.of(
              PosixFilePermission.OWNER_READ,
              PosixFilePermission.OWNER_WRITE,
              PosixFilePermission.OWNER_EXECUTE));

  private DataDirectory() {}

  static void prepare(Path dir) {
    boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    try {
      if (!Files.isDirectory(dir)) {
        if (posix) {
          Files.createDirectories(dir.toAbsolutePath().getParent());
          Files.createDirectory(
              dir,
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } else {
          Files.createDirectories(dir);
        }
        return;
      }
      if (posix && Files.getPosixFilePermissions(dir).stream().anyMatch(OTHERS::contains)) {
        LOG.warning(
            () ->
                "bridge.data-dir "
                    + dir
                    + " can be read by other users of this machine, and the inbox in it holds "
                    + "followers' messages: chmod 700 it (the bridge creates it so)");
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot create bridge.data-dir " + dir, e);
    }
  }
}
