package io.wxbridge.videorecall.control;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Collects a response body up to a limit and gives up (cancelling the download) as soon as it would
 * pass it, so a huge or endless answer never fills the heap. The JDK 17 HttpClient has no limiting
 * body handler of its own.
 */
final class BoundedBytes implements HttpResponse.BodySubscriber<byte[]> {
  private final long max;
  private final ByteArrayOutputStream collected = new ByteArrayOutputStream();
  private final CompletableFuture<byte[]> result = new CompletableFuture<>();
  private Flow.Subscription subscription;

  BoundedBytes(long max) {
    this.max = max;
  }

  /** Thrown (inside the body's future) when the body passes the limit. */
  static final class TooLarge extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TooLarge(long max) {
      super("larger than " + max + " bytes");
    }
  }

  @Override
  public CompletionStage<byte[]> getBody() {
    return result;
  }

  @Override
  public void onSubscribe(Flow.Subscription subscription) {
    this.subscription = subscription;
    subscription.request(Long.MAX_VALUE);
  }

  @Override
  public void onNext(List<ByteBuffer> buffers) {
    if (result.isDone()) {
      return;
    }
    for (ByteBuffer buffer : buffers) {
      if (collected.size() + (long) buffer.remaining() > max) {
        subscription.cancel();
        result.completeExceptionally(new TooLarge(max));
        return;
      }
      byte[] chunk = new byte[buffer.remaining()];
      buffer.get(chunk);
      collected.writeBytes(chunk);
    }
  }

  @Override
  public void onError(Throwable failure) {
    result.completeExceptionally(failure);
  }

  @Override
  public void onComplete() {
    result.complete(collected.toByteArray());
  }
}
