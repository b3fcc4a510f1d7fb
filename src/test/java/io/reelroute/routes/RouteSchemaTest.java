package io.reelroute.routes;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every route file (the built-in flows and the shipped examples) validates against the JSON schema
 * of the Camel YAML DSL, {@code schema/camelYamlDsl.json} in the camel-yaml-dsl jar of the Camel
 * version in use: the schema Camel's own tooling and visual editors read. One test per file, so a
 * report lists each failing file with the path of every error.
 */
class RouteSchemaTest {

  static final List<Path> ROUTE_DIRS =
      List.of(Path.of("src/main/resources/routes"), Path.of("examples/routes"));

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static Schema schema;

  @BeforeAll
  static void loadSchema() throws IOException {
    try (InputStream in = RouteSchemaTest.class.getResourceAsStream("/schema/camelYamlDsl.json")) {
      assertNotNull(in, "schema/camelYamlDsl.json is not on the class path (camel-yaml-dsl jar)");
      schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4).getSchema(in);
    }
  }

  static List<Path> routeFiles() {
    return ROUTE_DIRS.stream()
        .flatMap(RouteSchemaTest::camelYamlFiles)
        .sorted()
        .collect(Collectors.toList());
  }

  private static Stream<Path> camelYamlFiles(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(f -> f.getFileName().toString().endsWith(".camel.yaml"))
          .toList()
          .stream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void thereAreRouteFilesInEveryDirectory() {
    for (Path dir : ROUTE_DIRS) {
      assertFalse(camelYamlFiles(dir).findAny().isEmpty(), "no *.camel.yaml in " + dir);
    }
  }

  @TestFactory
  Stream<DynamicTest> everyRouteFileValidatesAgainstTheCamelYamlDslSchema() {
    return routeFiles().stream()
        .map(file -> DynamicTest.dynamicTest(file.toString(), () -> validate(file)));
  }

  private static void validate(Path file) {
    JsonNode routes;
    try {
      routes = YAML.readTree(file.toFile());
    } catch (IOException e) {
      fail(file + " is not YAML: " + e.getMessage().lines().findFirst().orElse(""));
      return;
    }
    List<Error> errors = schema.validate(routes);
    if (!errors.isEmpty()) {
      fail(
          file
              + " does not validate against schema/camelYamlDsl.json of camel-yaml-dsl:\n"
              + report(errors));
    }
  }

  /**
   * One line per error path. A oneOf/anyOf miss also reports every alternative at the enclosing
   * path; where a deeper path has errors, only the deeper (more specific) ones are listed.
   */
  static String report(List<Error> errors) {
    List<String> paths = errors.stream().map(e -> e.getInstanceLocation().toString()).toList();
    return errors.stream()
        .filter(
            e -> {
              String path = e.getInstanceLocation().toString();
              return paths.stream().noneMatch(p -> p.startsWith(path + "/"));
            })
        .map(e -> "  " + e.getInstanceLocation() + ": " + e.getMessage())
        .distinct()
        .collect(Collectors.joining("\n"));
  }
}
