package io.wxbridge.relay.control;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.Supplier;
import org.eclipse.microprofile.faulttolerance.Bulkhead;

/**
 * How many of Udesk's calls are relayed at once. Each holds a server request thread while WeChat
 * answers (up to connect + read timeout + retries), and pushes need the same threads within
 * WeChat's 5 s: at most 64 relayed calls at once (of Payara's 200 request threads) keeps a slow
 * WeChat API from delaying any push. A call beyond that is refused at once with errcode -1 (HTTP
 * 503), which Udesk treats as WeChat's own "system busy". Override with the Fault Tolerance key
 * {@code io.wxbridge.relay.control.RelayCapacity/call/Bulkhead/value}.
 */
@ApplicationScoped
public class RelayCapacity {

  @Bulkhead(64)
  public <T> T call(Supplier<T> relayed) {
    return relayed.get();
  }
}
