package io.reelroute.config;

import io.reelroute.localstack.EmbeddedStack;
import org.apache.camel.main.Main;

/**
 * What a {@link Capability} may use to build its beans, and where it binds them. {@code stack} is
 * null in external mode. Every binding is recorded in {@code catalog} with {@code boundBy}, for
 * docs/beans.md.
 */
public record Beans(
    Main main,
    Settings settings,
    Infrastructure infra,
    EmbeddedStack stack,
    BeanCatalog catalog,
    String boundBy) {

  public Beans(Main main, Settings settings, Infrastructure infra, EmbeddedStack stack) {
    this(main, settings, infra, stack, new BeanCatalog(), "io.reelroute.Reelroute");
  }

  /** The same, recording what {@code capability} binds as bound by it. */
  public Beans boundBy(Capability capability) {
    return new Beans(main, settings, infra, stack, catalog, capability.getClass().getName());
  }

  /** Binds a bean under the name that YAML routes use ({@code bean: {ref: name}}). */
  public void bind(String name, Object bean) {
    main.bind(name, bean);
    catalog.record(name, bean, boundBy);
  }

  public boolean embedded() {
    return stack != null;
  }
}
