package io.wxbridge.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Predicate;

/**
 * A real HTTP server on loopback (the JDK's own), standing in for an upstream the bridge calls.
 * Subclasses answer like the real upstream; every request is recorded for the tests to inspect.
 */
public abstract class FakeServer implements AutoCloseable {
  private final HttpServer server;
  private final List<RecordedRequest> received = new CopyOnWriteArrayList<>();

  protected FakeServer() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext(
        "/",
        exchange -> {
          try {
            serve(exchange);
          } catch (DropConnection drop) {
            throw drop; // the JDK's server closes the connection, answered or not
          } catch (RuntimeException | IOException e) {
            exchange.sendResponseHeaders(599, -1);
          }
        });
    server.start();
  }

  /**
   * Answers 200 announcing more bytes than {@code part}, then closes the connection, as when a
   * connection breaks mid-answer. Swallowing the short write would not do: the JDK's server then
   * keeps the connection open, and the client times out instead (seen: a read timeout after 3 s). A
   * handler that throws makes it close the connection; the client reads {@code part} and its end.
   */
  protected static void cutOff(HttpExchange exchange, String contentType, byte[] part)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.sendResponseHeaders(200, 2L * part.length + 100);
    OutputStream body = exchange.getResponseBody();
    body.write(part);
    body.flush();
    body.close(); // throws: fewer bytes than announced, and the connection is closed
  }

  /**
   * Thrown by a handler mid-answer: the exchange is left unclosed, so that the JDK's server closes
   * the connection without ending the answer (closing a chunked answer would write its last chunk).
   */
  static final class DropConnection extends RuntimeException {
    private static final long serialVersionUID = 1L;

    DropConnection() {
      super("the fake drops the connection mid-answer", null, false, false);
    }
  }

  /** Handles and closes the exchange, unless the handler drops the connection. */
  private void serve(HttpExchange exchange) throws IOException {
    boolean dropped = false;
    try {
      handle(exchange);
    } catch (DropConnection drop) {
      dropped = true; // not closed: the JDK's server drops the connection as it stands
      throw drop;
    } finally {
      if (!dropped) {
        exchange.close();
      }
    }
  }

  /** Answers one request; {@link #record} it first unless the body is to be streamed. */
  protected abstract void handle(HttpExchange exchange) throws IOException;

  protected RecordedRequest record(HttpExchange exchange) throws IOException {
    byte[] body;
    try (InputStream in = exchange.getRequestBody()) {
      body = in.readAllBytes();
    }
    return record(exchange, body);
  }

  protected RecordedRequest record(HttpExchange exchange, byte[] body) {
    RecordedRequest request =
        new RecordedRequest(
            exchange.getRequestMethod(),
            exchange.getRequestURI(),
            new HashMap<>(exchange.getRequestHeaders()),
            body,
            exchange.getRemoteAddress().getPort());
    received.add(request);
    return request;
  }

  public URI url(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  public List<RecordedRequest> received() {
    return new ArrayList<>(received);
  }

  public List<RecordedRequest> received(Predicate<RecordedRequest> which) {
    return received.stream().filter(which).toList();
  }

  /** A loopback URL nothing listens on: an upstream that is down. */
  public static URI closedPortUrl(String path) {
    try (ServerSocket socket = new ServerSocket(0)) {
      return URI.create("http://127.0.0.1:" + socket.getLocalPort() + path);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
