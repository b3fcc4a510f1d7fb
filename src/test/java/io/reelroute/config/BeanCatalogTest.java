package io.reelroute.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Bean classes as docs/beans.md shows them: the same on every run. */
class BeanCatalogTest {

  @Test
  void classesByNameAndLambdasByWhatTheyImplement() {
    BeanCatalog catalog = new BeanCatalog();
    Supplier<String> lambda = () -> "x";
    catalog.record("plain", new StringBuilder(), "core");
    catalog.record("lambda", lambda, "core");
    catalog.record("plain", "rebound", "cap");
    assertEquals(
        java.util.List.of(
            new BeanCatalog.Entry("plain", "java.lang.String", "cap"),
            new BeanCatalog.Entry(
                "lambda",
                "java.util.function.Supplier (lambda in io.reelroute.config.BeanCatalogTest)",
                "core")),
        catalog.entries());
  }
}
