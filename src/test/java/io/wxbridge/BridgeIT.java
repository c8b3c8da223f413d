package io.wxbridge;

import io.wxbridge.accounts.AccountsHealthChecks;
import io.wxbridge.configuration.JndiConfigChecks;
import io.wxbridge.inbox.InboxDatabaseOutageChecks;
import io.wxbridge.inbox.InboxEmbeddedChecks;
import io.wxbridge.inbox.InboxExpiryChecks;
import io.wxbridge.inbox.InboxPostgresChecks;
import io.wxbridge.inbox.InboxShutdownChecks;
import io.wxbridge.metrics.MetricsChecks;
import io.wxbridge.outbound.OutboundConnectionChecks;
import io.wxbridge.push.PushAuthenticityChecks;
import io.wxbridge.push.PushBoundedWorkChecks;
import io.wxbridge.push.PushHostileInputChecks;
import io.wxbridge.push.PushLogChecks;
import io.wxbridge.push.PushRetryChecks;
import io.wxbridge.push.PushRoundTripChecks;
import io.wxbridge.push.PushUdeskFailureChecks;
import io.wxbridge.push.PushUrlVerificationChecks;
import io.wxbridge.relay.RelayIsolationChecks;
import io.wxbridge.relay.UdeskAccessChecks;
import io.wxbridge.relay.UdeskBadInputChecks;
import io.wxbridge.relay.UdeskDispatchChecks;
import io.wxbridge.relay.UdeskMediaChecks;
import io.wxbridge.relay.UdeskMessageTypesChecks;
import io.wxbridge.relay.UdeskSeedExamplesChecks;
import io.wxbridge.testing.TestBridge;
import io.wxbridge.token.AccessTokenChecks;
import io.wxbridge.token.SecretsInLogChecks;
import io.wxbridge.token.TokenFailureChecks;
import io.wxbridge.videorecall.VideoRecallErrorChecks;
import io.wxbridge.videorecall.VideoRecallQrCodeChecks;
import io.wxbridge.videorecall.VideoRecallSignedChecks;
import io.wxbridge.videorecall.VideoRecallTemplateChecks;
import io.wxbridge.wechatapi.WeChatMediaChecks;
import io.wxbridge.wechatapi.WeChatMediaHeapChecks;
import io.wxbridge.wechatapi.WeChatRetryChecks;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestClassOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every integration test, against one deployment of the real WAR in one server: Payara Micro, then
 * WildFly (arquillian.launch chooses; see pom.xml).
 *
 * <p>Arquillian boots a server per @Deployment (about 10 s each), so the suite has exactly one: the
 * tests of each feature live in abstract *Checks classes beside the feature's unit tests, and each
 * is run here as a @Nested class. All of them are client-side: they talk to the bridge over HTTP,
 * as WeChat, Udesk and the enterprise's systems do.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@TestClassOrder(ClassOrderer.OrderAnnotation.class)
class BridgeIT {

  @Deployment(testable = false)
  static WebArchive bridge() {
    TestBridge.start();
    return ShrinkWrap.createFromZipFile(WebArchive.class, TestBridge.war().toFile());
  }

  @Nested
  class Accounts extends AccountsHealthChecks {}

  @Nested
  class PushUrlVerification extends PushUrlVerificationChecks {}

  @Nested
  class PushRoundTrip extends PushRoundTripChecks {}

  @Nested
  class PushAuthenticity extends PushAuthenticityChecks {}

  @Nested
  class PushHostileInput extends PushHostileInputChecks {}

  @Nested
  class PushBoundedWork extends PushBoundedWorkChecks {}

  @Nested
  class PushUdeskFailure extends PushUdeskFailureChecks {}

  @Nested
  class PushRetry extends PushRetryChecks {}

  @Nested
  class PushLog extends PushLogChecks {}

  @Nested
  class UdeskDispatch extends UdeskDispatchChecks {}

  @Nested
  class UdeskSeedExamples extends UdeskSeedExamplesChecks {}

  @Nested
  class UdeskMessageTypes extends UdeskMessageTypesChecks {}

  @Nested
  class UdeskMedia extends UdeskMediaChecks {}

  @Nested
  class UdeskBadInput extends UdeskBadInputChecks {}

  @Nested
  class UdeskAccess extends UdeskAccessChecks {}

  @Nested
  class AccessTokens extends AccessTokenChecks {}

  @Nested
  class WeChatRetries extends WeChatRetryChecks {}

  @Nested
  class WeChatMedia extends WeChatMediaChecks {}

  @Nested
  class WeChatMediaHeap extends WeChatMediaHeapChecks {}

  @Nested
  class VideoRecallQrCode extends VideoRecallQrCodeChecks {}

  @Nested
  class VideoRecallErrors extends VideoRecallErrorChecks {}

  @Nested
  class VideoRecallSigned extends VideoRecallSignedChecks {}

  @Nested
  class VideoRecallTemplate extends VideoRecallTemplateChecks {}

  @Nested
  class RelayIsolation extends RelayIsolationChecks {}

  @Nested
  class TokenFailure extends TokenFailureChecks {}

  @Nested
  class InboxEmbedded extends InboxEmbeddedChecks {}

  @Nested
  class OutboundConnections extends OutboundConnectionChecks {}

  /**
   * Starts its own PostgreSQL and two more bridge processes (extra Payara Micros, not deployments).
   */
  @Nested
  class InboxPostgres extends InboxPostgresChecks {}

  /** Expiry after bridge.inbox.max-age, in an extra bridge process of the pass's server. */
  @Nested
  class InboxExpiry extends InboxExpiryChecks {}

  /**
   * Its own PostgreSQL, stopped and started again under an extra bridge process of the pass's
   * server.
   */
  @Nested
  class InboxDatabaseOutage extends InboxDatabaseOutageChecks {}

  /**
   * Stops an extra bridge process (of the pass's server) with SIGTERM and starts it again on the
   * same data.
   */
  @Nested
  class InboxShutdown extends InboxShutdownChecks {}

  @Nested
  class JndiConfig extends JndiConfigChecks {}

  @Nested
  class Metrics extends MetricsChecks {}

  @Nested
  class ApiDescription extends ApiDescriptionChecks {}

  /** Last on each server: it reads the log every other group made the bridge write. */
  @Nested
  @Order(Integer.MAX_VALUE)
  class SecretsInLog extends SecretsInLogChecks {}
}
