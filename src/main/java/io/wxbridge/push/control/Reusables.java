package io.wxbridge.push.control;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Objects that are costly to create and not thread-safe (XML parsers, JAXB marshallers, ciphers),
 * reused instead of rebuilt for every push: each is used by one thread at a time and handed back
 * afterwards. The pool grows to the number of threads that used it at once and lives as long as the
 * bean that owns it, so nothing outlives the application (as a ThreadLocal in the server's threads
 * would).
 */
final class Reusables<T> {
  private final ConcurrentLinkedQueue<T> idle = new ConcurrentLinkedQueue<>();
  private final Supplier<T> create;

  Reusables(Supplier<T> create) {
    this.create = create;
  }

  /**
   * Applies {@code use} to an idle instance (or a new one) and then returns that instance to the
   * pool.
   */
  <R> R with(Function<T, R> use) {
    T item = idle.poll();
    if (item == null) {
      item = create.get();
    }
    R result = use.apply(item);
    idle.offer(item);
    return result;
  }
}
