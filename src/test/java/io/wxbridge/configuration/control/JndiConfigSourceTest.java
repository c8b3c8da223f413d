package io.wxbridge.configuration.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Hashtable;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.naming.Context;
import javax.naming.NamingException;
import javax.naming.spi.InitialContextFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Which JNDI entries become configuration, with which ordinal (a map-backed naming service stands
 * in for the server's).
 */
class JndiConfigSourceTest {
  /** name → value of the stand-in naming service. */
  static final Map<String, Object> BOUND = new ConcurrentHashMap<>();

  @AfterEach
  void unbind() {
    BOUND.clear();
    System.clearProperty(Context.INITIAL_CONTEXT_FACTORY);
  }

  @Test
  void readsEveryKeyOfTheWildFlyContextWithOrdinal250() {
    BOUND.put("java:global/bridge/bridge.accounts", "wx0123456789abcdef");
    BOUND.put("java:global/bridge/bridge.account.wx0123456789abcdef.app-secret", "s3cret");
    BOUND.put("bridge/bridge.accounts", "not-read: the first context that exists wins");
    JndiConfigSource source = withNaming();

    assertEquals("wx0123456789abcdef", source.getValue("bridge.accounts"));
    assertEquals("s3cret", source.getValue("bridge.account.wx0123456789abcdef.app-secret"));
    assertEquals(
        Set.of("bridge.accounts", "bridge.account.wx0123456789abcdef.app-secret"),
        source.getPropertyNames());
    assertEquals(
        250,
        source.getOrdinal(),
        "between the WAR's defaults (100) and environment variables (300)");
  }

  @Test
  void oneEntryThatCannotBeReadCostsOnlyItsOwnKey() {
    BOUND.put("java:global/bridge/bridge.accounts", "wx0123456789abcdef");
    BOUND.put("java:global/bridge/bridge.udesk.allowed-ips", new NamingException("no factory"));
    JndiConfigSource source = withNaming();

    assertEquals("wx0123456789abcdef", source.getValue("bridge.accounts"));
    assertEquals(Set.of("bridge.accounts"), source.getPropertyNames());
  }

  @Test
  void readsThePayaraContextWhenThereIsNoWildFlyOne() {
    BOUND.put("bridge/bridge.accounts", "wxpayara0000000001");
    BOUND.put("bridge/config_ordinal", "450");
    JndiConfigSource source = withNaming();

    assertEquals("wxpayara0000000001", source.getValue("bridge.accounts"));
    assertEquals(450, source.getOrdinal(), "an entry named config_ordinal overrides the default");
  }

  @Test
  void aConfigOrdinalThatIsNoNumberLeaves250() {
    BOUND.put("java:global/bridge/config_ordinal", "high");
    assertEquals(250, withNaming().getOrdinal());
  }

  @Test
  void withoutEntriesOrWithoutNamingItIsEmpty() {
    assertTrue(withNaming().getProperties().isEmpty());
    System.clearProperty(Context.INITIAL_CONTEXT_FACTORY);
    JndiConfigSource noNaming = new JndiConfigSource();
    assertNull(noNaming.getValue("bridge.accounts"));
    assertEquals(250, noNaming.getOrdinal());
  }

  private static JndiConfigSource withNaming() {
    System.setProperty(Context.INITIAL_CONTEXT_FACTORY, MapContextFactory.class.getName());
    return new JndiConfigSource();
  }

  /** An InitialContextFactory over BOUND: list(context) names the entries directly under it. */
  public static class MapContextFactory implements InitialContextFactory {
    @Override
    public Context getInitialContext(Hashtable<?, ?> environment) {
      return MapContext.create();
    }
  }
}
