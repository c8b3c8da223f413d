package io.wxbridge.benchmark;

import java.net.URI;
import java.util.function.Predicate;

/**
 * One request of a scenario, built fresh for every send (a new MsgId, a new signature), and what
 * its answer must look like. A {@code streamed} answer is counted, not kept (media downloads).
 */
record Call(
    String method,
    URI uri,
    String contentType,
    byte[] body,
    boolean streamed,
    Predicate<Answer> expected) {

  static Call get(URI uri, boolean streamed, Predicate<Answer> expected) {
    return new Call("GET", uri, null, null, streamed, expected);
  }

  static Call post(URI uri, String contentType, byte[] body, Predicate<Answer> expected) {
    return new Call("POST", uri, contentType, body, false, expected);
  }

  /**
   * What came back: the status, the body (empty when streamed), the body's size; or why nothing
   * came.
   */
  record Answer(int status, String body, long bytes, Throwable failure) {
    static Answer failed(Throwable failure) {
      return new Answer(-1, "", 0, failure);
    }

    boolean ok() {
      return failure == null && status == 200;
    }

    String describe() {
      if (failure != null) {
        return failure.getClass().getSimpleName() + ": " + failure.getMessage();
      }
      return "HTTP " + status + " " + (body.length() > 160 ? body.substring(0, 160) + "…" : body);
    }
  }
}
