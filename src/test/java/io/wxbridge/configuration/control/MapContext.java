package io.wxbridge.configuration.control;

import java.lang.reflect.Proxy;
import java.util.Iterator;
import java.util.List;
import javax.naming.Context;
import javax.naming.NameClassPair;
import javax.naming.NameNotFoundException;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;

/** The three Context methods JndiConfigSource uses, over JndiConfigSourceTest.BOUND. */
final class MapContext {
  private MapContext() {}

  static Context create() {
    return (Context)
        Proxy.newProxyInstance(
            MapContext.class.getClassLoader(),
            new Class<?>[] {Context.class},
            (proxy, method, args) ->
                switch (method.getName()) {
                  case "list" -> list((String) args[0]);
                  case "lookup" -> lookup((String) args[0]);
                  case "close" -> null;
                  default -> throw new UnsupportedOperationException(method.getName());
                });
  }

  private static Object lookup(String name) throws NamingException {
    Object value = JndiConfigSourceTest.BOUND.get(name);
    if (value == null) {
      throw new NameNotFoundException(name);
    }
    if (value instanceof NamingException broken) {
      throw broken; // a binding the server cannot resolve
    }
    return value;
  }

  private static NamingEnumeration<NameClassPair> list(String context)
      throws NameNotFoundException {
    String prefix = context + "/";
    List<NameClassPair> names =
        JndiConfigSourceTest.BOUND.keySet().stream()
            .filter(n -> n.startsWith(prefix))
            .map(n -> new NameClassPair(n.substring(prefix.length()), String.class.getName()))
            .toList();
    if (names.isEmpty()) {
      throw new NameNotFoundException(context);
    }
    Iterator<NameClassPair> each = names.iterator();
    return new NamingEnumeration<>() {
      public boolean hasMore() {
        return each.hasNext();
      }

      public NameClassPair next() {
        return each.next();
      }

      public boolean hasMoreElements() {
        return each.hasNext();
      }

      public NameClassPair nextElement() {
        return each.next();
      }

      public void close() {}
    };
  }
}
