package io.reelroute.config;

import io.reelroute.localstack.EmbeddedStack;
import org.apache.camel.main.Main;
import org.apache.camel.spi.Registry;

/**
 * What a {@link Capability} may use to build its beans, and where it binds them. {@code stack} is
 * null in external mode. Every binding is recorded in {@code catalog} with {@code boundBy}, for
 * docs/beans.md.
 *
 * <p>{@code binder} is where the beans go: the application's {@link Main} before it starts ({@link
 * Binder#of(Main)}), or any Camel {@link Registry} ({@link Binder#of(Registry)}), e.g. the one of a
 * route-level test's own Camel context (docs/CONVENTIONS.md, "Route-level tests").
 */
public record Beans(
    Binder binder,
    Settings settings,
    Infrastructure infra,
    EmbeddedStack stack,
    BeanCatalog catalog,
    String boundBy) {

  /** Where beans are bound and found by name. */
  public interface Binder {

    void bind(String name, Object bean);

    <T> T lookup(String name, Class<T> type);

    /**
     * Adds a listener told when the Camel context has started (the application's hooks into the
     * HTTP server); a bare registry has no such moment, and ignores it.
     */
    default void onStarted(org.apache.camel.StartupListener listener) {}

    /** The registry of a Camel Main that has not started yet. */
    static Binder of(Main main) {
      return new Binder() {
        @Override
        public void bind(String name, Object bean) {
          main.bind(name, bean);
        }

        @Override
        public <T> T lookup(String name, Class<T> type) {
          return main.lookup(name, type);
        }

        @Override
        public void onStarted(org.apache.camel.StartupListener listener) {
          main.addMainListener(
              new org.apache.camel.main.MainListenerSupport() {
                @Override
                public void afterConfigure(org.apache.camel.main.BaseMainSupport support) {
                  try {
                    support.getCamelContext().addStartupListener(listener);
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                }
              });
        }
      };
    }

    /** Any Camel registry, e.g. {@code camelContext.getRegistry()}. */
    static Binder of(Registry registry) {
      return new Binder() {
        @Override
        public void bind(String name, Object bean) {
          registry.bind(name, bean);
        }

        @Override
        public <T> T lookup(String name, Class<T> type) {
          return registry.lookupByNameAndType(name, type);
        }
      };
    }
  }

  public Beans(Binder binder, Settings settings, Infrastructure infra, EmbeddedStack stack) {
    this(binder, settings, infra, stack, new BeanCatalog(), "io.reelroute.Reelroute");
  }

  /** The same, recording what {@code capability} binds as bound by it. */
  public Beans boundBy(Capability capability) {
    return new Beans(binder, settings, infra, stack, catalog, capability.getClass().getName());
  }

  /** Binds a bean under the name that YAML routes use ({@code bean: {ref: name}}). */
  public void bind(String name, Object bean) {
    binder.bind(name, bean);
    catalog.record(name, bean, boundBy);
  }

  /** A bean bound earlier (by this or an earlier capability), or null. */
  public <T> T lookup(String name, Class<T> type) {
    return binder.lookup(name, type);
  }

  public boolean embedded() {
    return stack != null;
  }
}
