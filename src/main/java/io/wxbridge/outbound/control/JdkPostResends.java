package io.wxbridge.outbound.control;

import java.lang.management.ManagementFactory;
import java.util.List;

/**
 * Whether the JDK's HttpURLConnection (Jersey's transport on Payara) sends a buffered POST once
 * more by itself when its connection broke before the answer: it does unless the JVM was started
 * with {@code -Dsun.net.http.retryPost=false}. The JDK reads that property once, when its HTTP
 * client class loads, and takes any value but "true" as off; only the command line sets it surely
 * before that, so a value set later (a server's system property, a properties file) is not trusted
 * here.
 */
final class JdkPostResends {
  static final String OPTION = "-Dsun.net.http.retryPost=";
  private static final String PROPERTY = "sun.net.http.retryPost";

  private static final boolean ON =
      resendsPosts(
          ManagementFactory.getRuntimeMXBean().getInputArguments(), System.getProperty(PROPERTY));

  private JdkPostResends() {}

  /** As this JVM was started. */
  static boolean on() {
    return ON;
  }

  /**
   * @param jvmArguments the JVM's command-line options, the last of a repeated one counting
   * @param property the property's value now, or null
   */
  static boolean resendsPosts(List<String> jvmArguments, String property) {
    String fromCommandLine = null;
    for (String argument : jvmArguments) {
      if (argument.startsWith(OPTION)) {
        fromCommandLine = argument.substring(OPTION.length());
      }
    }
    boolean offFromTheStart = fromCommandLine != null && !Boolean.parseBoolean(fromCommandLine);
    boolean stillOff = property != null && !Boolean.parseBoolean(property);
    return !(offFromTheStart && stillOff);
  }
}
