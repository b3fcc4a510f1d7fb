package io.reelroute.config;

import io.reelroute.localstack.EmbeddedStack;
import org.apache.camel.main.Main;

/**
 * What a {@link Capability} may use to build its beans, and where it binds them. {@code stack} is
 * null in external mode.
 */
public record Beans(Main main, Settings settings, Infrastructure infra, EmbeddedStack stack) {

  /** Binds a bean under the name that YAML routes use ({@code bean: {ref: name}}). */
  public void bind(String name, Object bean) {
    main.bind(name, bean);
  }

  public boolean embedded() {
    return stack != null;
  }
}
