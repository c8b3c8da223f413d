package io.wxbridge.videorecall.control;

import io.wxbridge.videorecall.entity.ImageType;
import io.wxbridge.videorecall.entity.QrImage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Downloads the QR image Udesk's answer points at, whole or not at all: at most
 * bridge.video.image-max-bytes, all of it within bridge.video.image-timeout, and only PNG, JPEG or
 * GIF (what WeChat takes as image media). The URL is any image host Udesk chooses (an object
 * store), not an API, so this is the JDK's HttpClient rather than a typed REST client.
 */
@ApplicationScoped
public class QrImageFetcher {
  @Inject VideoRecallSettings settings;

  private HttpClient client;

  /**
   * GET the qrCodeUrl from Udesk's answer.
   *
   * @throws VideoRecallException too large, too slow, not 200, or not an image
   */
  public QrImage fetch(URI qrCodeUrl) {
    long timeout = settings.imageTimeout().toMillis();
    HttpRequest request = HttpRequest.newBuilder(qrCodeUrl).GET()
        .timeout(settings.imageTimeout())
        .header("Accept", "image/png,image/jpeg,image/gif,image/*;q=0.8")
        .build();
    CompletableFuture<HttpResponse<byte[]>> download =
        client().sendAsync(request, info -> new BoundedBytes(settings.imageMaxBytes()));
    HttpResponse<byte[]> response;
    try {
      response = download.get(timeout, TimeUnit.MILLISECONDS);
    } catch (TimeoutException late) {
      download.cancel(true);
      throw VideoRecallException.imageTimedOut(timeout);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      download.cancel(true);
      throw VideoRecallException.imageFailed("interrupted", interrupted);
    } catch (ExecutionException failed) {
      throw failure(failed.getCause(), timeout);
    }
    if (response.statusCode() != 200) {
      throw VideoRecallException.imageFailed("the image host answered HTTP " + response.statusCode());
    }
    byte[] image = response.body();
    return ImageType.of(image)
        .map(type -> new QrImage(image, type))
        .orElseThrow(() -> VideoRecallException.imageFailed("the answer is not a PNG, JPEG or GIF image"));
  }

  private static VideoRecallException failure(Throwable failure, long timeout) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof BoundedBytes.TooLarge tooLarge) {
        return VideoRecallException.imageFailed("the image is " + tooLarge.getMessage());
      }
      if (cause instanceof HttpTimeoutException) {
        return VideoRecallException.imageTimedOut(timeout);
      }
    }
    return VideoRecallException.imageFailed("the image host could not be reached or broke the connection", failure);
  }

  private synchronized HttpClient client() {
    if (client == null) {
      client = HttpClient.newBuilder()
          .connectTimeout(settings.imageTimeout())
          .followRedirects(HttpClient.Redirect.NORMAL)
          .build();
    }
    return client;
  }
}
