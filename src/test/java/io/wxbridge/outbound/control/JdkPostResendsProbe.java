package io.wxbridge.outbound.control;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Run in a JVM of its own by {@link JdkPostResendsTest}, with or without the JDK's option: sends
 * one buffered POST (no declared length, as the bridge sends WeChat's JSON when {@link
 * JdkPostResends} says the JDK never re-sends) to a server that closes each connection without a
 * word, and exits with how many times the POST arrived times 10, plus 1 if JdkPostResends said the
 * JDK re-sends. Each arrival is counted before its connection closes, so a re-sent POST is counted
 * before the client's failure is thrown.
 */
final class JdkPostResendsProbe {
  private JdkPostResendsProbe() {}

  public static void main(String[] args) throws Exception {
    AtomicInteger arrived = new AtomicInteger();
    try (ServerSocket server = new ServerSocket(0, 8, InetAddress.getLoopbackAddress())) {
      Thread closer = new Thread(() -> closeEachWithoutAWord(server, arrived));
      closer.setDaemon(true);
      closer.start();
      HttpURLConnection post =
          (HttpURLConnection)
              new URL("http://127.0.0.1:" + server.getLocalPort() + "/send").openConnection();
      post.setRequestMethod("POST");
      post.setDoOutput(true);
      post.setReadTimeout(5000);
      try (OutputStream body = post.getOutputStream()) {
        body.write("{\"touser\":\"o1\"}".getBytes(StandardCharsets.UTF_8));
      }
      try {
        post.getResponseCode();
      } catch (IOException expected) {
        // no answer: what matters is whether the JDK sent the POST again before giving up
      }
    }
    System.exit(arrived.get() * 10 + (JdkPostResends.resendsPosts() ? 1 : 0));
  }

  private static void closeEachWithoutAWord(ServerSocket server, AtomicInteger arrived) {
    while (!server.isClosed()) {
      try (Socket connection = server.accept()) {
        InputStream in = connection.getInputStream();
        byte[] some = new byte[4096];
        if (in.read(some) > 0) {
          arrived.incrementAndGet();
        }
      } catch (IOException closed) {
        return;
      }
    }
  }
}
