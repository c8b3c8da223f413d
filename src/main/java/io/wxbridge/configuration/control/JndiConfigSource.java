package io.wxbridge.configuration.control;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;
import javax.naming.InitialContext;
import javax.naming.NameClassPair;
import javax.naming.NameNotFoundException;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * The bridge's keys bound as server JNDI entries, one entry per key, named after the key under one
 * context: {@code java:global/bridge/} on WildFly (a naming subsystem binding), {@code bridge/} on
 * Payara (a custom resource). The first of these contexts that exists is used.
 *
 * <p>Ordinal 250: above the WAR's own defaults (100), below environment variables (300) and system
 * properties (400), so a one-off {@code -D} still wins; an entry named {@code config_ordinal} in
 * the context changes it. Entries are read once, when the application's configuration is built
 * (configuration is read at start anyway). Values are never logged, only how many keys were found.
 */
public class JndiConfigSource implements ConfigSource {
  static final List<String> CONTEXTS = List.of("java:global/bridge", "bridge");
  static final int DEFAULT_ORDINAL = 250;
  private static final Logger LOG = Logger.getLogger(JndiConfigSource.class.getName());

  private volatile Map<String, String> values;

  @Override
  public String getName() {
    return "JNDI " + String.join(" or ", CONTEXTS);
  }

  @Override
  public int getOrdinal() {
    String ordinal = values().get(CONFIG_ORDINAL);
    if (ordinal == null) {
      return DEFAULT_ORDINAL;
    }
    try {
      return Integer.parseInt(ordinal.trim());
    } catch (NumberFormatException e) {
      // as MicroProfile Config's own default does: a wrong ordinal must not stop the application
      LOG.warning(
          () ->
              "MicroProfile Config: JNDI entry "
                  + CONFIG_ORDINAL
                  + " is not a number; ordinal "
                  + DEFAULT_ORDINAL
                  + " used");
      return DEFAULT_ORDINAL;
    }
  }

  @Override
  public String getValue(String key) {
    return values().get(key);
  }

  @Override
  public Set<String> getPropertyNames() {
    return values().keySet();
  }

  @Override
  public Map<String, String> getProperties() {
    return values();
  }

  private Map<String, String> values() {
    Map<String, String> read = values;
    if (read == null) {
      synchronized (this) {
        if (values == null) {
          values = readAll();
        }
        read = values;
      }
    }
    return read;
  }

  private static Map<String, String> readAll() {
    try {
      InitialContext naming = new InitialContext();
      try {
        for (String context : CONTEXTS) {
          Map<String, String> found = read(naming, context);
          if (!found.isEmpty()) {
            LOG.info(
                () ->
                    "MicroProfile Config: "
                        + found.size()
                        + " key(s) bound in JNDI under "
                        + context
                        + "/");
            return found;
          }
        }
        return Map.of();
      } finally {
        naming.close();
      }
    } catch (NamingException e) {
      // No naming service here (e.g. a unit test): the other config sources still apply.
      LOG.warning(() -> "MicroProfile Config: JNDI not readable, no key taken from it: " + e);
      return Map.of();
    }
  }

  private static Map<String, String> read(InitialContext naming, String context)
      throws NamingException {
    Map<String, String> found = new LinkedHashMap<>();
    NamingEnumeration<NameClassPair> names;
    try {
      names = naming.list(context);
    } catch (NameNotFoundException e) {
      return found;
    } catch (NamingException e) {
      // Another server's name space (e.g. java:global/ on Payara, where custom resources are not
      // bound)
      LOG.fine(() -> "MicroProfile Config: no JNDI context " + context + ": " + e);
      return found;
    }
    try {
      while (names.hasMore()) {
        String key = names.next().getName();
        Object value;
        try {
          value = naming.lookup(context + "/" + key);
        } catch (NamingException unreadable) {
          // one broken binding (a wrong factory, a lookup of a missing name) costs its own key, not
          // every key bound beside it; named, never its value
          LOG.warning(
              () ->
                  "MicroProfile Config: JNDI entry "
                      + context
                      + "/"
                      + key
                      + " cannot be read, not taken: "
                      + unreadable.getClass().getSimpleName());
          continue;
        }
        if (value != null && !(value instanceof javax.naming.Context)) {
          found.put(key, value.toString());
        }
      }
    } finally {
      names.close();
    }
    return Collections.unmodifiableMap(found);
  }
}
