package io.wxbridge.requests.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.context.spi.Context;
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
 * Loads every class of the bridge and creates every application-scoped bean of the bridge at start,
 * so that the work a stop waits for needs none of them new. Payara stops the application's class
 * loader (and deletes its runtime copy of JAXB's jar) before the stop's observers run
 * (InboxShutdown): measured on an instance that had served no push before SIGTERM, pushes whose
 * Udesk answer came after it failed on a class not loaded yet (an enum switch's table) or on a bean
 * created for the first time (ReplySealer, whose WeChatXml builds a JAXB context), their work never
 * ended, and the stop waited its whole grace. Classes are loaded, not initialised (no static
 * initialiser runs early); every class in {@code WEB-INF/classes} is the bridge's. Not covered:
 * classes of the libraries in {@code WEB-INF/lib} and of the server first needed at the stop.
 */
@ApplicationScoped
public class PreparedForStop {
  private static final Logger LOG = Logger.getLogger(PreparedForStop.class.getName());
  private static final String CLASSES = "/WEB-INF/classes/";
  private static final String SUFFIX = ".class";
  private static final String OURS = "io.wxbridge.";

  @Inject BeanManager beans;

  void onStart(@Observes @Initialized(ApplicationScoped.class) ServletContext context) {
    long begin = System.nanoTime();
    int classes = loadUnder(context, CLASSES, PreparedForStop.class.getClassLoader());
    int created = createApplicationScopedBeans();
    LOG.log(
        Level.INFO,
        "Prepared for a stop: {0} classes of the bridge loaded, {1} beans created ({2} ms)",
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
          LOG.log(Level.WARNING, "Class " + name + " of the bridge cannot be loaded", unloadable);
        }
      }
    }
    return loaded;
  }

  /**
   * Through the context, not a client proxy: Weld's proxies answer hashCode and equals themselves.
   * A bean that cannot be created now would fail on its first use anyway: logged, not fatal.
   */
  private int createApplicationScopedBeans() {
    Context applicationContext = beans.getContext(ApplicationScoped.class);
    int created = 0;
    for (Bean<?> bean : beans.getBeans(Object.class, Any.Literal.INSTANCE)) {
      if (bean.getScope() == ApplicationScoped.class
          && bean.getBeanClass().getName().startsWith(OURS)) {
        try {
          create(applicationContext, bean);
          created++;
        } catch (RuntimeException failed) {
          LOG.log(
              Level.WARNING,
              "Bean " + bean.getBeanClass().getName() + " cannot be created at start",
              failed);
        }
      }
    }
    return created;
  }

  private <T> void create(Context applicationContext, Bean<T> bean) {
    applicationContext.get(bean, beans.createCreationalContext(bean));
  }
}
