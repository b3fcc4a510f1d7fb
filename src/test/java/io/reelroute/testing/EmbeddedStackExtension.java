package io.reelroute.testing;

import java.util.Map;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts one Reelroute app on the embedded stack per test JVM (lazily, in a temporary directory)
 * and hands it to every test that asks for a {@link TestApp} parameter. Stopped when the JVM's
 * tests are done.
 */
public final class EmbeddedStackExtension implements ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(EmbeddedStackExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == TestApp.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return shared(context);
  }

  public static TestApp shared(ExtensionContext context) {
    return context
        .getRoot()
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent("app", key -> new Shared(TestApp.start(Map.of())), Shared.class)
        .app();
  }

  /** Closed by JUnit when the root context ends, i.e. once per JVM. */
  private record Shared(TestApp app) implements AutoCloseable {
    @Override
    public void close() {
      app.close();
    }
  }
}
