package io.wxbridge.requests.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;
import jakarta.servlet.ServletContext;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Loads every class of the bridge and creates every application-scoped bean at start, so that the
 * work a stop waits for needs nothing new. Payara stops the application's class loader before the
 * stop's observers run (InboxShutdown): measured on an instance that had served no push before
 * SIGTERM, every push whose Udesk answer came after it failed on a class not loaded yet (an enum
 * switch's table), then on a bean created for the first time (its client proxy and its JAXB context
 * could not be made): the outcomes went unrecorded, Udesk got those pushes again after the restart,
 * and the stop waited its whole grace. Classes are loaded, not initialised (no static initialiser
 * runs early); every class in {@code WEB-INF/classes} is the bridge's.
 */
@ApplicationScoped
public class PreparedForStop {
  private static final Logger LOG = Logger.getLogger(PreparedForStop.class.getName());
  private static final String CLASSES = "/WEB-INF/classes/";
  private static final String SUFFIX = ".class";

  @Inject BeanManager beans;

  void onStart(@Observes @Initialized(ApplicationScoped.class) ServletContext context) {
    long begin = System.nanoTime();
    int classes = loadUnder(context, CLASSES, PreparedForStop.class.getClassLoader());
    int created = createApplicationScopedBeans();
    LOG.log(
        Level.FINE,
        "{0} classes of the bridge loaded and {1} beans created in {2} ms",
        new Object[] {classes, created, (System.nanoTime() - begin) / 1_000_000});
  }

  private static int loadUnder(ServletContext context, String folder, ClassLoader loader) {
    Set<String> paths = context.getResourcePaths(folder);
    int loaded = 0;
    for (String path : paths == null ? Set.<String>of() : paths) {
      if (path.endsWith("/")) {
        loaded += loadUnder(context, path, loader);
      } else if (path.endsWith(SUFFIX) && !path.endsWith("package-info" + SUFFIX)) {
        String name =
            path.substring(CLASSES.length(), path.length() - SUFFIX.length()).replace('/', '.');
        try {
          Class.forName(name, false, loader);
          loaded++;
        } catch (ClassNotFoundException | LinkageError unloadable) {
          LOG.log(
              Level.WARNING,
              "Class {0} of the bridge cannot be loaded: {1}",
              new Object[] {name, unloadable});
        }
      }
    }
    return loaded;
  }

  /** Calling a client proxy creates the bean behind it. */
  private int createApplicationScopedBeans() {
    String ours = PreparedForStop.class.getName().substring(0, "io.wxbridge.".length());
    int created = 0;
    for (Bean<?> bean : beans.getBeans(Object.class, Any.Literal.INSTANCE)) {
      if (bean.getScope() == ApplicationScoped.class
          && bean.getBeanClass().getName().startsWith(ours)) {
        beans.getReference(bean, Object.class, beans.createCreationalContext(bean)).hashCode();
        created++;
      }
    }
    return created;
  }
}
