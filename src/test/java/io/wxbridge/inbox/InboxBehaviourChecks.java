package io.wxbridge.inbox;

import static io.wxbridge.inbox.InboxWeChat.INBOX;
import static io.wxbridge.inbox.InboxWeChat.OTHER;
import static io.wxbridge.inbox.InboxWeChat.await;
import static io.wxbridge.inbox.InboxWeChat.customerMessagesTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wxbridge.push.PushMode;
import io.wxbridge.push.SimulatedWeChat;
import io.wxbridge.push.WeChatMessages;
import io.wxbridge.push.WeChatReplies;
import io.wxbridge.testing.FakeUdesk;
import io.wxbridge.testing.RecordedRequest;
import io.wxbridge.testing.TestBridge;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What the durable inbox guarantees, on whichever database the subclass's bridge uses (the embedded
 * default, PostgreSQL). {@link #bridge(int)} names the instance attempt {@code n} goes to: always
 * the same one on the embedded database, alternating between two instances on PostgreSQL.
 */
public abstract class InboxBehaviourChecks {
  static final Logger FIGURES = Logger.getLogger("inbox.figures");
  static final Duration WECHAT_DEADLINE = Duration.ofSeconds(5);

  /** The bridge instance that WeChat's attempt number {@code attempt} (0-based) reaches. */
  protected abstract URI bridge(int attempt);

  @ParameterizedTest(name = "{0} mode")
  @EnumSource(
      value = PushMode.class,
      names = {"PLAINTEXT", "SAFE"})
  void threeConcurrentAndThreeSequentialRetriesReachUdeskOnceWithTheSameAnswer(PushMode mode)
      throws Exception {
    String message = WeChatMessages.of(WeChatMessages.TEXT, "inbox:late1");
    String sender = WeChatMessages.sender(message);
    InboxWeChat.Push push = InboxWeChat.Push.of(INBOX, mode, message);
    List<CompletableFuture<SimulatedWeChat.Sent>> concurrent = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      URI target = bridge(i);
      concurrent.add(CompletableFuture.supplyAsync(() -> push.to(target)));
    }
    List<SimulatedWeChat.Sent> attempts = new ArrayList<>();
    for (CompletableFuture<SimulatedWeChat.Sent> attempt : concurrent) {
      attempts.add(attempt.get());
    }
    for (int i = 3; i < 6; i++) {
      attempts.add(push.to(bridge(i)));
    }
    for (SimulatedWeChat.Sent attempt : attempts) {
      assertEquals(200, attempt.status());
      assertEquals(
          FakeUdesk.replyTo(sender), push.reply(attempt), "every attempt gets the same answer");
    }
    assertEquals(1, WeChatReplies.forwardedFrom(sender).size(), "Udesk saw the push once");
  }

  /**
   * On PostgreSQL the replay reaches the other instance than the genuine push did: the (timestamp,
   * nonce, signature) seen is shared through the database.
   */
  @Test
  void aPlaintextReplayWithAnotherBodyIsRefusedAndNotForwarded() {
    String genuine = WeChatMessages.of(WeChatMessages.TEXT, "inbox:reply");
    String forged = WeChatMessages.of(WeChatMessages.TEXT, "inbox:reply");
    InboxWeChat.Push push = InboxWeChat.Push.of(INBOX, PushMode.PLAINTEXT, genuine);
    assertEquals(200, push.to(bridge(0)).status());

    SimulatedWeChat.Sent replay =
        InboxWeChat.post(
            bridge(1), INBOX.appId(), push.query(), forged.getBytes(StandardCharsets.UTF_8));
    assertEquals(403, replay.status(), replay.body());
    assertTrue(
        WeChatReplies.forwardedFrom(WeChatMessages.sender(forged)).isEmpty(),
        "the forged body is not forwarded");

    SimulatedWeChat.Sent retry = push.to(bridge(2));
    assertEquals(200, retry.status(), "a genuine retry (same query, same body) is still answered");
    assertEquals(1, WeChatReplies.forwardedFrom(WeChatMessages.sender(genuine)).size());
  }

  /**
   * WeChat's URL check signs its timestamp and nonce as a plaintext push does: its query, seen in
   * an access log, must not sign a push.
   */
  @Test
  void aUrlChecksSignedQueryDoesNotAuthenticateAPush() throws Exception {
    Map<String, String> query =
        SimulatedWeChat.signedQuery(INBOX, SimulatedWeChat.timestamp(), SimulatedWeChat.nonce());
    URI check =
        bridge(0)
            .resolve(
                "/wechat/"
                    + INBOX.appId()
                    + "?signature="
                    + query.get("signature")
                    + "&timestamp="
                    + query.get("timestamp")
                    + "&nonce="
                    + query.get("nonce")
                    + "&echostr=4375120948345356249");
    HttpResponse<String> echoed =
        TestBridge.http()
            .send(
                HttpRequest.newBuilder(check).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertEquals("4375120948345356249", echoed.body());

    String forged = WeChatMessages.of(WeChatMessages.TEXT, "inbox:reply");
    SimulatedWeChat.Sent push =
        InboxWeChat.post(bridge(1), INBOX.appId(), query, forged.getBytes(StandardCharsets.UTF_8));
    assertEquals(403, push.status(), push.body());
    assertTrue(
        WeChatReplies.forwardedFrom(WeChatMessages.sender(forged)).isEmpty(),
        "the forged body is not forwarded");
  }

  /** WeChat's signature is lowercase hex; the bridge compares it so, and remembers it so. */
  @Test
  void aPlaintextReplayWithTheSignatureInCapitalsOrPaddedIsRefused() {
    String genuine = WeChatMessages.of(WeChatMessages.TEXT, "inbox:reply");
    InboxWeChat.Push push = InboxWeChat.Push.of(INBOX, PushMode.PLAINTEXT, genuine);
    assertEquals(200, push.to(bridge(0)).status());

    for (String variant :
        List.of(
            push.query().get("signature").toUpperCase(Locale.ROOT),
            " " + push.query().get("signature") + "\t")) {
      String forged = WeChatMessages.of(WeChatMessages.TEXT, "inbox:reply");
      Map<String, String> query = new LinkedHashMap<>(push.query());
      query.put("signature", variant);
      SimulatedWeChat.Sent replay =
          InboxWeChat.post(
              bridge(1), INBOX.appId(), query, forged.getBytes(StandardCharsets.UTF_8));
      assertEquals(403, replay.status(), replay.body());
      assertTrue(
          WeChatReplies.forwardedFrom(WeChatMessages.sender(forged)).isEmpty(),
          "the forged body is not forwarded");
    }
  }

  /**
   * An encrypted push's query also carries {@code signature}, which covers only the Token,
   * timestamp and nonce: without encrypt_type and msg_signature it would authenticate a plaintext
   * body.
   */
  @ParameterizedTest(name = "{0} mode")
  @EnumSource(
      value = PushMode.class,
      names = {"COMPATIBLE", "SAFE"})
  void anEncryptedPushsQueryDoesNotAuthenticateAPlaintextBody(PushMode mode) {
    String genuine = WeChatMessages.of(WeChatMessages.TEXT, "inbox:reply");
    InboxWeChat.Push push = InboxWeChat.Push.of(INBOX, mode, genuine);
    assertEquals(200, push.to(bridge(0)).status());

    String forged = WeChatMessages.of(WeChatMessages.TEXT, "inbox:reply");
    Map<String, String> plaintext = new LinkedHashMap<>(push.query());
    plaintext.remove("encrypt_type");
    plaintext.remove("msg_signature");
    SimulatedWeChat.Sent replay =
        InboxWeChat.post(
            bridge(1), INBOX.appId(), plaintext, forged.getBytes(StandardCharsets.UTF_8));
    assertEquals(403, replay.status(), replay.body());
    assertTrue(
        WeChatReplies.forwardedFrom(WeChatMessages.sender(forged)).isEmpty(),
        "the forged body is not forwarded");
    SimulatedWeChat.Sent sameBody =
        InboxWeChat.post(bridge(1), INBOX.appId(), plaintext, push.body());
    assertEquals(
        403,
        sameBody.status(),
        "the push's own body without encryption (its reply would go back unencrypted): "
            + sameBody.body());
    assertEquals(200, push.to(bridge(2)).status(), "WeChat's own retry is still answered");
    assertEquals(1, WeChatReplies.forwardedFrom(WeChatMessages.sender(genuine)).size());
  }

  @Test
  void twoFollowersPushesWithTheSameMsgIdAreBothForwarded() {
    String first = WeChatMessages.of(WeChatMessages.TEXT, "inbox:reply");
    String firstSender = WeChatMessages.sender(first);
    String secondSender = firstSender + "-other";
    String second = first.replace(firstSender, secondSender);
    InboxWeChat.Push.of(INBOX, PushMode.SAFE, first).to(bridge(0));
    SimulatedWeChat.Sent other = InboxWeChat.Push.of(INBOX, PushMode.SAFE, second).to(bridge(1));
    assertEquals(200, other.status());
    assertEquals(1, WeChatReplies.forwardedFrom(firstSender + "]]>").size());
    assertEquals(1, WeChatReplies.forwardedFrom(secondSender + "]]>").size());
  }

  @Test
  void aLateAnswerReachesTheFollowerAsACustomerServiceMessage() {
    String message = WeChatMessages.of(WeChatMessages.TEXT, "inbox:late6");
    String sender = WeChatMessages.sender(message);
    SimulatedWeChat.Sent sent = InboxWeChat.Push.of(INBOX, PushMode.SAFE, message).to(bridge(0));

    FIGURES.info(
        () -> "Udesk answering after 6 s: WeChat answered in " + sent.elapsed().toMillis() + " ms");
    assertEquals(200, sent.status());
    assertEquals("", sent.body(), "WeChat got an empty answer");
    assertTrue(
        sent.elapsed().compareTo(WECHAT_DEADLINE) < 0,
        "within WeChat's 5 s: " + sent.elapsed().toMillis());
    await(Duration.ofSeconds(15), () -> !customerMessagesTo(INBOX, sender).isEmpty());
    List<RecordedRequest> sentToFollower = customerMessagesTo(INBOX, sender);
    assertEquals(
        1, sentToFollower.size(), "the late reply went out once as a customer-service message");
    assertTrue(
        sentToFollower.get(0).bodyText().contains("\"content\":\"answer to " + sender + "\""),
        "the customer-service message carries Udesk's late answer: "
            + sentToFollower.get(0).bodyText());
    assertEquals(1, WeChatReplies.forwardedFrom(sender).size(), "Udesk got the push once");
  }

  /**
   * As above, while WeChat retries on its own schedule (5 s and 10 s after the first attempt, on
   * alternating instances on PostgreSQL): the retry at 5 s waits while Udesk still holds the push
   * and sees Udesk's answer arrive at 6 s; it must not hand that answer to WeChat as a passive
   * reply too, because it goes to the follower as a customer-service message.
   */
  @Test
  void aLateAnswerReachesTheFollowerOnceWhileWeChatRetries() throws Exception {
    String message = WeChatMessages.of(WeChatMessages.TEXT, "inbox:late6");
    String sender = WeChatMessages.sender(message);
    InboxWeChat.Push push = InboxWeChat.Push.of(INBOX, PushMode.SAFE, message);
    long started = System.nanoTime();
    List<CompletableFuture<SimulatedWeChat.Sent>> attempts = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      URI target = bridge(i);
      long at = started + Duration.ofSeconds(5L * i).toNanos();
      attempts.add(
          CompletableFuture.supplyAsync(
              () -> {
                sleepUntil(at);
                return push.to(target);
              }));
    }
    for (int i = 0; i < attempts.size(); i++) {
      SimulatedWeChat.Sent sent = attempts.get(i).get();
      assertEquals(200, sent.status());
      assertTrue(
          sent.elapsed().compareTo(WECHAT_DEADLINE) < 0,
          "attempt " + (i + 1) + " within WeChat's 5 s: " + sent.elapsed().toMillis() + " ms");
      assertEquals(
          "",
          push.reply(sent),
          "attempt "
              + (i + 1)
              + " is answered empty: Udesk's late answer goes as a customer-service message");
    }
    await(Duration.ofSeconds(15), () -> !customerMessagesTo(INBOX, sender).isEmpty());
    await(Duration.ofSeconds(2), () -> false); // a second message would show up now
    assertEquals(
        1,
        customerMessagesTo(INBOX, sender).size(),
        "the late reply went out once as a customer-service message");
    assertEquals(1, WeChatReplies.forwardedFrom(sender).size(), "Udesk got the push once");
  }

  private static void sleepUntil(long nanoTime) {
    long wait = nanoTime - System.nanoTime();
    if (wait > 0) {
      try {
        Thread.sleep(Duration.ofNanos(wait).toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Test
  void pushesWhileUdeskRefusesConnectionsAreDeliveredOnceInOrderWhenItIsBack() {
    String first = WeChatMessages.of(WeChatMessages.TEXT, "inbox:reply");
    String follower = WeChatMessages.sender(first);
    List<String> messages = new ArrayList<>(List.of(first));
    for (int i = 0; i < 3; i++) {
      messages.add(fromFollower(WeChatMessages.of(WeChatMessages.TEXT, "inbox:reply"), follower));
    }
    TestBridge.udeskSwitch().off();
    try {
      for (int i = 0; i < messages.size(); i++) {
        SimulatedWeChat.Sent sent =
            InboxWeChat.Push.of(INBOX, PushMode.SAFE, messages.get(i)).to(bridge(i));
        assertEquals(200, sent.status());
        assertEquals("", sent.body());
        assertTrue(
            sent.elapsed().toMillis() < 2000,
            "answered at once: " + sent.elapsed().toMillis() + " ms");
      }
      String elsewhere = WeChatMessages.of(WeChatMessages.TEXT, "inbox:reply");
      SimulatedWeChat.Sent other =
          InboxWeChat.Push.of(OTHER, PushMode.PLAINTEXT, elsewhere).to(bridge(0));
      assertEquals(
          FakeUdesk.replyTo(WeChatMessages.sender(elsewhere)),
          other.body(),
          "another account's Udesk is not delayed by this one's outage");
      assertTrue(
          WeChatReplies.forwardedFrom(follower).isEmpty(),
          "nothing reaches Udesk while it refuses connections");
      whileUdeskIsDown();
    } finally {
      TestBridge.udeskSwitch().on();
    }
    await(
        Duration.ofSeconds(40),
        () ->
            WeChatReplies.forwardedFrom(follower).size() >= messages.size()
                && customerMessagesTo(INBOX, follower).size() >= messages.size());
    List<String> delivered =
        WeChatReplies.forwardedFrom(follower).stream().map(r -> msgId(r.bodyText())).toList();
    List<String> sentOrder = messages.stream().map(InboxBehaviourChecks::msgId).toList();
    assertEquals(sentOrder, delivered, "every push once, in the follower's order");
    assertEquals(
        messages.size(),
        customerMessagesTo(INBOX, follower).size(),
        "each of Udesk's replies reached the follower as a customer-service message");
  }

  /** PostgreSQL: one instance is killed here, and the other delivers its backlog. */
  protected void whileUdeskIsDown() {}

  @Test
  void aPushThatReachedUdeskWithoutAnAnswerIsDeliveredAgain() {
    String message = WeChatMessages.of(WeChatMessages.TEXT, "inbox:hangonce");
    String sender = WeChatMessages.sender(message);
    SimulatedWeChat.Sent sent =
        InboxWeChat.Push.of(INBOX, PushMode.PLAINTEXT, message).to(bridge(0));
    assertEquals("", sent.body(), "WeChat got an empty answer (its deadline: aLateAnswerReaches…)");
    await(Duration.ofSeconds(40), () -> !customerMessagesTo(INBOX, sender).isEmpty());
    assertEquals(
        2,
        WeChatReplies.forwardedFrom(sender).size(),
        "at-least-once: no answer within the late-reply timeout, so Udesk got it again");
    assertEquals(
        1, customerMessagesTo(INBOX, sender).size(), "the answer reached the follower once");
  }

  /**
   * A push Udesk refuses for itself (400 each time) while it takes the account's other pushes is
   * EXPIRED after bridge.inbox.refusals-before-expiry (5) refusals in a row, not max-age, and the
   * follower's later push, queued behind it, goes on.
   */
  @Test
  void aPushUdeskRefusesForItselfNoLongerHoldsItsFollowersLaterPushesBack() {
    // the fake refuses by what the body says, and the follower's name carries inbox:reply: only
    // this push's text is refused
    String refused =
        WeChatMessages.of(WeChatMessages.TEXT, "inbox:reply")
            .replace("<Content><![CDATA[", "<Content><![CDATA[inbox:refuse ");
    String follower = WeChatMessages.sender(refused);
    String next = fromFollower(WeChatMessages.of(WeChatMessages.TEXT, "inbox:reply"), follower);
    assertEquals(
        200, InboxWeChat.Push.of(INBOX, PushMode.PLAINTEXT, refused).to(bridge(0)).status());
    assertEquals(200, InboxWeChat.Push.of(INBOX, PushMode.PLAINTEXT, next).to(bridge(0)).status());
    // meanwhile the account's other followers write, on every instance, and Udesk takes it all
    long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
    for (int sent = 0; attemptsOf(follower, next) == 0 && System.nanoTime() < deadline; sent++) {
      String other = WeChatMessages.of(WeChatMessages.TEXT, "inbox:reply");
      assertEquals(
          FakeUdesk.replyTo(WeChatMessages.sender(other)),
          InboxWeChat.Push.of(INBOX, PushMode.PLAINTEXT, other).to(bridge(sent)).body(),
          "Udesk takes the account's other pushes");
      sleepUntil(System.nanoTime() + Duration.ofMillis(500).toNanos());
    }
    long attempts = attemptsOf(follower, refused);
    // five in a row on one instance: on two (PostgreSQL), up to four more on the other
    assertTrue(attempts >= 5 && attempts <= 9, "refused five times in a row: " + attempts);
    assertEquals(1, attemptsOf(follower, next), "the later push went on, once");
    await(Duration.ofSeconds(15), () -> !customerMessagesTo(INBOX, follower).isEmpty());
    List<RecordedRequest> replies = customerMessagesTo(INBOX, follower);
    assertEquals(1, replies.size(), "Udesk's reply to the later push reached the follower");
    assertTrue(
        replies.get(0).bodyText().contains("answer to " + follower), replies.get(0).bodyText());
    sleepUntil(System.nanoTime() + Duration.ofSeconds(3).toNanos());
    assertEquals(
        attempts, attemptsOf(follower, refused), "no longer attempted: EXPIRED, kept in the inbox");
  }

  private static long attemptsOf(String follower, String message) {
    return WeChatReplies.forwardedFrom(follower).stream()
        .filter(r -> msgId(r.bodyText()).equals(msgId(message)))
        .count();
  }

  static String fromFollower(String message, String follower) {
    return message.replaceFirst(
        "<FromUserName><!\\[CDATA\\[[^]]*", "<FromUserName><![CDATA[" + follower);
  }

  static String msgId(String message) {
    return message.substring(
        message.indexOf("<MsgId>") + "<MsgId>".length(), message.indexOf("</MsgId>"));
  }
}
