package io.wxbridge.wechatapi.entity;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A temporary-media answer streamed from WeChat: its status, the headers to pass on (Content-Type,
 * Content-Disposition, Content-Length) and the body (the file's bytes, or WeChat's JSON for a
 * video's video_url or an errcode). The body is never held in memory as a whole; the caller closes
 * it, which also releases the connection to WeChat.
 */
public final class MediaDownload implements AutoCloseable {
  private final int status;
  private final Map<String, String> headers;
  private final InputStream body;
  private final AutoCloseable connection;
  private final WeChatAnswer json;
  private final Runnable whenClosed;
  private final AtomicBoolean closed = new AtomicBoolean();

  /** A streamed answer (the file's bytes); {@code connection} is closed with the body. */
  public MediaDownload(
      int status, Map<String, String> headers, InputStream body, AutoCloseable connection) {
    this(status, Map.copyOf(headers), body, connection, null, () -> {});
  }

  /** A small JSON answer read whole (a video's video_url, or an errcode), with WeChat's headers. */
  public MediaDownload(WeChatAnswer json, Map<String, String> headers) {
    this(
        json.status(),
        Map.copyOf(headers),
        new ByteArrayInputStream(json.body()),
        null,
        json,
        () -> {});
  }

  private MediaDownload(
      int status,
      Map<String, String> headers,
      InputStream body,
      AutoCloseable connection,
      WeChatAnswer json,
      Runnable whenClosed) {
    this.status = status;
    this.headers = headers;
    this.body = body;
    this.connection = connection;
    this.json = json;
    this.whenClosed = whenClosed;
  }

  /**
   * The same answer, which runs {@code release} once when it is closed (after its bytes were passed
   * on): the relay's media permit is held while the body streams, not only until its headers came.
   */
  public MediaDownload releasingWhenClosed(Runnable release) {
    return new MediaDownload(status, headers, body, connection, json, release);
  }

  /**
   * WeChat's errcode when it answered JSON with one instead of the file (e.g. 40007 invalid
   * media_id).
   */
  public OptionalInt errcode() {
    return json == null ? OptionalInt.empty() : json.errcode();
  }

  public int status() {
    return status;
  }

  /**
   * Content-Type, Content-Disposition and Content-Length as WeChat sent them (absent ones left
   * out).
   */
  public Map<String, String> headers() {
    return headers;
  }

  public InputStream body() {
    return body;
  }

  @Override
  public void close() {
    try (connection;
        body) {
      // both closed (body first), each even if closing the other failed
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (Exception e) {
      throw new IllegalStateException("could not release the connection to WeChat", e);
    } finally {
      if (closed.compareAndSet(false, true)) {
        whenClosed.run();
      }
    }
  }

  @Override
  public String toString() {
    return "MediaDownload[" + status + ", " + headers + "]";
  }
}
