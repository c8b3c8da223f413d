package io.wxbridge.outbound.control;

import java.lang.management.ManagementFactory;
import java.util.List;

/**
 * Whether the JDK's HttpURLConnection (Jersey's transport on Payara) sends a buffered POST once
 * more by itself when its connection broke before the answer: it does unless the JVM was started
 * with {@code -Dsun.net.http.retryPost=false}. The JDK reads that property once, when its HTTP
 * client class loads, and takes any value but "true" as off; only the command line
 * (JAVA_TOOL_OPTIONS included) sets it surely before that, so a value set later (a server's system
 * property, a properties file) is not trusted here.
 */
final class JdkPostResends {
  static final String OPTION = "-Dsun.net.http.retryPost=";
  private static final String PROPERTY = "sun.net.http.retryPost";

  private static final boolean RESENDS;
  private static final boolean SET_TOO_LATE;

  static {
    // the JDK's client reads the property now, if it has not yet: the value read below is its own
    boolean jdkClientLoaded = loadJdkClient();
    String property = System.getProperty(PROPERTY);
    List<String> options = ManagementFactory.getRuntimeMXBean().getInputArguments();
    RESENDS = !jdkClientLoaded || resendsPosts(options, property);
    SET_TOO_LATE = RESENDS && isOff(property);
  }

  private JdkPostResends() {}

  /** As this JVM was started. */
  static boolean resendsPosts() {
    return RESENDS;
  }

  /** The property says off, but not from the command line: it has no sure effect. */
  static boolean setTooLate() {
    return SET_TOO_LATE;
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
    return !(fromCommandLine != null && isOff(fromCommandLine) && isOff(property));
  }

  private static boolean isOff(String value) {
    return value != null && !Boolean.parseBoolean(value);
  }

  /** False on a JDK without that class: its client is not known, so POSTs are taken as re-sent. */
  private static boolean loadJdkClient() {
    try {
      Class.forName("sun.net.www.http.HttpClient", true, null);
      return true;
    } catch (ClassNotFoundException | LinkageError notThere) {
      return false;
    }
  }
}
