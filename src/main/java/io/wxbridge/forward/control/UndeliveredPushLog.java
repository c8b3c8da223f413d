package io.wxbridge.forward.control;

import io.wxbridge.forward.entity.UndeliveredPush;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.logging.Logger;

/**
 * The only observer of {@link UndeliveredPush}: a warning an operator can alert on. The message
 * itself is not logged (it is the follower's personal content); its type and id are.
 */
@ApplicationScoped
public class UndeliveredPushLog {
  private static final Logger LOG = Logger.getLogger(UndeliveredPushLog.class.getName());

  void log(@Observes UndeliveredPush undelivered) {
    LOG.warning(
        () ->
            undelivered.push().appId()
                + ": "
                + undelivered.push().description()
                + " did not reach Udesk: "
                + undelivered.outcome().summary()
                + (undelivered.mayHaveArrived() ? " (Udesk may still have received it)" : "")
                + "; WeChat got an empty answer and will not re-send it");
  }
}
