package io.wxbridge.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A port for a server that binds it later (an extra Payara Micro, PostgreSQL, a proxy that listens
 * again). Chosen below Linux's ephemeral range (32768–60999), never with {@code new
 * ServerSocket(0)}: a port from that range can be taken by any outgoing connection of the busy
 * suite before the server binds it, and a Payara Micro that cannot bind stays alive without
 * listening (CI saw one wait 5 minutes for it).
 */
public final class UnusedPort {
  private static final int LOWEST = 20_000;
  private static final int HIGHEST = 32_000;
  private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

  private UnusedPort() {}

  /** A port nothing listens on now, never handed out before in this JVM. */
  public static int next() {
    for (int attempt = 0; attempt < 200; attempt++) {
      int port = ThreadLocalRandom.current().nextInt(LOWEST, HIGHEST);
      if (HANDED_OUT.add(port) && bindable(port)) {
        return port;
      }
    }
    throw new IllegalStateException("no unused port in " + LOWEST + "-" + HIGHEST);
  }

  private static boolean bindable(int port) {
    for (InetAddress address : new InetAddress[] {null, InetAddress.getLoopbackAddress()}) {
      try (ServerSocket socket = new ServerSocket()) {
        socket.bind(new InetSocketAddress(address, port));
      } catch (IOException taken) {
        return false;
      }
    }
    return true;
  }
}
