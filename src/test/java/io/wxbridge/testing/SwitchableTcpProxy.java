package io.wxbridge.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP port in front of a fake that a test can switch off: while off nothing listens there, so the
 * bridge's connections are refused, the one failure that proves a request never reached the
 * upstream. While on, bytes are passed through unchanged in both directions.
 */
public final class SwitchableTcpProxy implements AutoCloseable {
  private final URI target;
  private final int port;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private volatile ServerSocket listener;

  public SwitchableTcpProxy(URI target) {
    this.target = target;
    this.port = UnusedPort.next();
    on();
  }

  /** The target's URL, but through this port. */
  public URI url(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  /** Listens again on the same port. */
  public synchronized void on() {
    if (listener != null) {
      return;
    }
    try {
      ServerSocket socket = new ServerSocket();
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
      listener = socket;
      daemon(() -> accept(socket));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The connections open through this port now (each one's two sockets counted once). */
  public int openConnections() {
    return open.size() / 2;
  }

  /** Stops listening and drops every open connection: new connections are refused. */
  public synchronized void off() {
    closeQuietly(listener);
    listener = null;
    open.forEach(SwitchableTcpProxy::closeQuietly);
    open.clear();
  }

  private void accept(ServerSocket socket) {
    while (!socket.isClosed()) {
      try {
        Socket client = socket.accept();
        Socket upstream = new Socket(target.getHost(), target.getPort());
        open.add(client);
        open.add(upstream);
        daemon(() -> pump(client, upstream));
        daemon(() -> pump(upstream, client));
      } catch (IOException closed) {
        return;
      }
    }
  }

  private void pump(Socket from, Socket to) {
    try (InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream()) {
      in.transferTo(out);
    } catch (IOException connectionGone) {
      // one side closed; the other is closed below
    } finally {
      closeQuietly(from);
      closeQuietly(to);
      open.remove(from);
      open.remove(to);
    }
  }

  private static void daemon(Runnable work) {
    Thread thread = new Thread(work, "switchable-tcp-proxy");
    thread.setDaemon(true);
    thread.start();
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      if (closeable != null) {
        closeable.close();
      }
    } catch (Exception alreadyGone) {
      // closing is all that is wanted
    }
  }

  @Override
  public void close() {
    off();
  }
}
