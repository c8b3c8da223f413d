package io.wxbridge.outbound.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Only a JVM started with re-sends off, and still with them off, counts as one whose JDK never
 * sends a POST twice; every doubt keeps the bodies streamed.
 */
class JdkPostResendsTest {
  /**
   * What the bridge relies on, in a JVM of its own (JdkPostResendsProbe): started with the option,
   * the JDK sends a buffered POST once even when its connection closes without an answer, and the
   * bridge sees the option.
   */
  @Test
  void aJvmStartedWithTheOptionSendsABufferedPostOnceAndIsSeenToDoSo() throws Exception {
    assertProbe(10, Map.of(), "-Dsun.net.http.retryPost=false");
  }

  @Test
  void theOptionCountsFromJavaToolOptionsToo() throws Exception {
    assertProbe(10, Map.of("JAVA_TOOL_OPTIONS", "-Dsun.net.http.retryPost=false"));
  }

  /** Why the bridge otherwise streams every POST to WeChat: the JDK sends a buffered one twice. */
  @Test
  void aJvmStartedWithoutItSendsABufferedPostTwice() throws Exception {
    assertProbe(21, Map.of());
  }

  /**
   * @param expected times the POST arrived, times 10, plus 1 if the bridge took the JDK for one
   *     that re-sends
   */
  private static void assertProbe(int expected, Map<String, String> environment, String... options)
      throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of(options));
    command.addAll(
        List.of(
            "-cp",
            codeSource(JdkPostResendsProbe.class)
                + File.pathSeparator
                + codeSource(JdkPostResends.class),
            JdkPostResendsProbe.class.getName()));
    Path output = Files.createTempFile("jdk-post-resends", ".log");
    try {
      ProcessBuilder builder =
          new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
      // only the options given here: none from the environment the tests run in
      builder.environment().keySet().removeAll(List.of("JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS"));
      builder.environment().putAll(environment);
      Process jvm = builder.start();
      if (!jvm.waitFor(60, TimeUnit.SECONDS)) {
        jvm.destroyForcibly();
        throw new AssertionError("the probe's JVM did not end in 60 s");
      }
      assertEquals(expected, jvm.exitValue(), () -> "the probe's output: " + read(output));
    } finally {
      Files.delete(output);
    }
  }

  private static String codeSource(Class<?> type) throws Exception {
    return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
  }

  private static String read(Path output) {
    try {
      return Files.readString(output);
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }

  @Test
  void aJvmStartedWithReSendsOffHasThemOff() {
    assertFalse(
        JdkPostResends.resendsPosts(
            List.of("-Xmx256m", "-Dsun.net.http.retryPost=false"), "false"));
    // the JDK takes any value but "true" as off
    assertFalse(JdkPostResends.resendsPosts(List.of("-Dsun.net.http.retryPost=no"), "no"));
  }

  @Test
  void aJvmStartedWithoutTheOptionReSends() {
    assertTrue(JdkPostResends.resendsPosts(List.of("-Xmx256m"), null));
    assertTrue(JdkPostResends.resendsPosts(List.of("-Dsun.net.http.retryPost=TRUE"), "TRUE"));
  }

  @Test
  void aValueSetAfterTheStartIsNotTrusted() {
    assertTrue(JdkPostResends.resendsPosts(List.of(), "false"));
    assertTrue(JdkPostResends.resendsPosts(List.of("-Dsun.net.http.retryPost=false"), "true"));
    assertTrue(JdkPostResends.resendsPosts(List.of("-Dsun.net.http.retryPost=false"), null));
  }

  @Test
  void theLastOfARepeatedOptionCounts() {
    assertTrue(
        JdkPostResends.resendsPosts(
            List.of("-Dsun.net.http.retryPost=false", "-Dsun.net.http.retryPost=true"), "true"));
    assertFalse(
        JdkPostResends.resendsPosts(
            List.of("-Dsun.net.http.retryPost=true", "-Dsun.net.http.retryPost=false"), "false"));
  }

  @Test
  void theOptionWithoutAValueIsNotTakenForOff() {
    // "-Dsun.net.http.retryPost" sets "", which the JDK takes as off; not recognised here: streamed
    assertTrue(JdkPostResends.resendsPosts(List.of("-Dsun.net.http.retryPost"), ""));
  }
}
