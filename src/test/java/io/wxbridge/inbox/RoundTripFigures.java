package io.wxbridge.inbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.wxbridge.push.PushMode;
import io.wxbridge.push.SimulatedWeChat;
import io.wxbridge.push.WeChatMessages;
import io.wxbridge.testing.FakeUdesk;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.logging.Logger;

/**
 * The push round trip (WeChat → bridge → Udesk → bridge → WeChat) of one bridge, measured on
 * sequential pushes in plaintext and safe mode, for the comparison of the inbox on its databases
 * with the in-memory path (docs/inbox.md, "Measured"). Logged as "inbox.figures"; asserts only that
 * each push was answered.
 */
final class RoundTripFigures {
  private static final Logger FIGURES = Logger.getLogger("inbox.figures");

  private RoundTripFigures() {}

  static String measure(String label, URI bridge, int pushes) {
    List<Long> millis = new ArrayList<>();
    for (int i = 0; i < pushes + 5; i++) {
      PushMode mode = i % 2 == 0 ? PushMode.PLAINTEXT : PushMode.SAFE;
      String message = WeChatMessages.of(WeChatMessages.TEXT, "inbox:reply");
      InboxWeChat.Push push = InboxWeChat.Push.of(InboxWeChat.INBOX, mode, message);
      SimulatedWeChat.Sent sent = push.to(bridge);
      assertEquals(FakeUdesk.replyTo(WeChatMessages.sender(message)), push.reply(sent));
      if (i >= 5) { // the first few warm the path up
        millis.add(sent.elapsed().toMillis());
      }
    }
    Collections.sort(millis);
    String figures =
        label
            + ": "
            + pushes
            + " sequential pushes, median "
            + millis.get(millis.size() / 2)
            + " ms, p90 "
            + millis.get(millis.size() * 9 / 10)
            + " ms, max "
            + millis.get(millis.size() - 1)
            + " ms";
    FIGURES.info(figures);
    return figures;
  }
}
