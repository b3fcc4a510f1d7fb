package io.reelroute.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading extension route files one at a time, and the one-line error of each failure mode. */
class ExtensionRoutesTest {

  @TempDir Path dir;
  private CamelContext context;

  @BeforeEach
  void startContext() throws Exception {
    context = new DefaultCamelContext();
    // a lambda, not a RouteBuilder class: camel-main would find such a class in io.reelroute
    RouteBuilder.addRoutes(
        context, routes -> routes.from("direct:built-in").routeId("built-in").log("built-in"));
    context.start();
  }

  @AfterEach
  void stopContext() {
    context.stop();
  }

  private Settings settings(String extraDir) {
    return Settings.load(Map.of(ExtensionRoutes.SETTING, extraDir));
  }

  private SettingsException loadFailure(String name, String yaml) throws Exception {
    Path file = dir.resolve(name);
    Files.writeString(file, yaml);
    SettingsException e =
        assertThrows(
            SettingsException.class,
            () -> ExtensionRoutes.load(context, ExtensionRoutes.files(settings(dir.toString()))));
    assertEquals(ExtensionRoutes.SETTING, e.key());
    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    return e;
  }

  @Test
  void noSettingMeansNoFiles() {
    assertEquals(List.of(), ExtensionRoutes.files(settings("")));
  }

  @Test
  void aMissingDirectoryNamesTheSetting() {
    SettingsException e =
        assertThrows(
            SettingsException.class,
            () -> ExtensionRoutes.files(settings(dir.resolve("absent").toString())));
    assertTrue(e.getMessage().startsWith(ExtensionRoutes.SETTING + " "), e.getMessage());
    assertTrue(e.getMessage().contains("absent"), e.getMessage());
  }

  @Test
  void onlyCamelYamlFilesInNameOrder() throws Exception {
    Files.writeString(dir.resolve("b.camel.yaml"), "[]");
    Files.writeString(dir.resolve("a.camel.yaml"), "[]");
    Files.writeString(dir.resolve("notes.yaml"), "[]");
    assertEquals(
        List.of(dir.resolve("a.camel.yaml"), dir.resolve("b.camel.yaml")),
        ExtensionRoutes.files(settings(dir.toString())));
  }

  @Test
  void routesAreAddedAfterTheBuiltInOnesAndStarted() throws Exception {
    Files.writeString(
        dir.resolve("ext.camel.yaml"),
        """
        - route:
            id: ext
            from:
              uri: "direct:ext"
              steps:
                - setBody:
                    constant: "ext ran"
        """);
    ExtensionRoutes.load(context, ExtensionRoutes.files(settings(dir.toString())));
    assertNotNull(context.getRoute("ext"));
    assertEquals("built-in", context.getRoutes().get(0).getRouteId());
    assertEquals(
        "ext ran", context.createProducerTemplate().requestBody("direct:ext", "", String.class));
  }

  @Test
  void brokenYamlNamesTheFile() throws Exception {
    loadFailure("broken.camel.yaml", "- route:\n    id: x\n  from: [unclosed\n");
  }

  @Test
  void anUnknownEipNamesTheFile() throws Exception {
    SettingsException e =
        loadFailure(
            "eip.camel.yaml",
            """
            - route:
                id: eip
                from:
                  uri: "direct:eip"
                  steps:
                    - frobnicate:
                        message: "x"
            """);
    assertTrue(e.getMessage().contains("frobnicate"), e.getMessage());
  }

  @Test
  void anUnknownComponentNamesTheFile() throws Exception {
    SettingsException e =
        loadFailure(
            "component.camel.yaml",
            """
            - route:
                id: component
                from:
                  uri: "direct:component"
                  steps:
                    - to: "nosuchcomponent:foo"
            """);
    assertTrue(e.getMessage().contains("nosuchcomponent"), e.getMessage());
  }

  @Test
  void aDuplicateRouteIdNamesTheFile() throws Exception {
    SettingsException e =
        loadFailure(
            "duplicate.camel.yaml",
            """
            - route:
                id: built-in
                from:
                  uri: "direct:other"
                  steps:
                    - log: "replaced?"
            """);
    assertTrue(e.getMessage().contains("built-in"), e.getMessage());
    assertEquals("direct://built-in", context.getRoute("built-in").getEndpoint().getEndpointUri());
  }
}
