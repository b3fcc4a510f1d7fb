package io.reelroute.config;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.reelroute.testing.IntegrationTest;
import io.reelroute.testing.TestApp;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/beans.md, the table of every bean the built-in routes name with its class and the capability
 * that binds it, matches the route files and what a running app binds ({@link BeanCatalog}). With
 * {@code -Dreelroute.docs.write=true} it writes the file instead.
 */
@IntegrationTest
class BeansDocIT {

  static final Path DOC = Path.of("docs/beans.md");
  static final Path ROUTES = Path.of("src/main/resources/routes");
  static final String REGENERATE = "mvn -q verify -Dtest=BeansDocIT -Dreelroute.docs.write=true";

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** {@code #name} or {@code #bean:name} as an endpoint option value, or a whole value. */
  private static final Pattern HASH_REF = Pattern.compile("(?:^|[?&]\\w+=)#(?:bean:)?(\\w+)");

  /** a {@code bean:name} endpoint or a {@code ${bean:name}} expression */
  private static final Pattern BEAN_URI = Pattern.compile("(?:^|\\$\\{)bean:(\\w+)");

  /** the scheme of an endpoint URI: a component bound by name (smtp) is a bean the route names */
  private static final Pattern SCHEME = Pattern.compile("^([a-z][\\w-]*):");

  @Test
  void docsBeansMdIsUpToDate(TestApp app) throws IOException {
    Map<String, BeanCatalog.Entry> bound =
        app.app().beanCatalog().entries().stream()
            .collect(
                Collectors.toMap(
                    BeanCatalog.Entry::name, Function.identity(), (a, b) -> b, TreeMap::new));
    Map<String, Set<String>> named = namedByRoutes(bound.keySet());
    String expected = render(named, bound);
    if (Boolean.getBoolean("reelroute.docs.write")) {
      Files.writeString(DOC, expected, StandardCharsets.UTF_8);
    }
    String actual = Files.exists(DOC) ? Files.readString(DOC, StandardCharsets.UTF_8) : "";
    assertTrue(
        expected.equals(actual),
        DOC
            + " is stale (a route or a binding changed); regenerate: "
            + REGENERATE
            + "\nfirst difference: "
            + firstDifference(expected, actual));
    Set<String> unbound = new TreeSet<>(named.keySet());
    unbound.removeAll(bound.keySet());
    assertTrue(unbound.isEmpty(), "routes name beans that nothing binds: " + unbound);
  }

  /** Bean name → the route files (flow names) that name it. */
  static Map<String, Set<String>> namedByRoutes(Set<String> boundNames) throws IOException {
    Map<String, Set<String>> named = new TreeMap<>();
    List<Path> files;
    try (Stream<Path> list = Files.list(ROUTES)) {
      files = list.filter(f -> f.toString().endsWith(".camel.yaml")).sorted().toList();
    }
    for (Path file : files) {
      String flow = file.getFileName().toString().replace(".camel.yaml", "");
      collect(
          YAML.readTree(file.toFile()),
          null,
          name -> named.computeIfAbsent(name, k -> new TreeSet<>()).add(flow),
          scheme -> {
            if (boundNames.contains(scheme)) {
              named.computeIfAbsent(scheme, k -> new TreeSet<>()).add(flow);
            }
          });
    }
    return named;
  }

  private static void collect(
      JsonNode node, String field, Consumer<String> found, Consumer<String> schemes) {
    if (node.isObject()) {
      node.fields().forEachRemaining(e -> collect(e.getValue(), e.getKey(), found, schemes));
    } else if (node.isArray()) {
      node.forEach(child -> collect(child, field, found, schemes));
    } else if (node.isTextual()) {
      String text = node.asText();
      if (("ref".equals(field) || "beanRef".equals(field) || "refErrorHandler".equals(field))
          && text.matches("\\w+")) {
        found.accept(text);
      }
      Matcher hash = HASH_REF.matcher(text);
      while (hash.find()) {
        found.accept(hash.group(1));
      }
      Matcher bean = BEAN_URI.matcher(text);
      while (bean.find()) {
        found.accept(bean.group(1));
      }
      Matcher scheme = SCHEME.matcher(text);
      if (Set.of("uri", "to", "toD", "from", "wireTap").contains(field) && scheme.find()) {
        schemes.accept(scheme.group(1));
      }
    }
  }

  private static String firstDifference(String expected, String actual) {
    List<String> want = expected.lines().toList();
    List<String> have = actual.lines().toList();
    for (int i = 0; i < Math.max(want.size(), have.size()); i++) {
      String w = i < want.size() ? want.get(i) : "(end of file)";
      String h = i < have.size() ? have.get(i) : "(end of file)";
      if (!w.equals(h)) {
        return "line " + (i + 1) + ": expected '" + w + "', file has '" + h + "'";
      }
    }
    return "line endings";
  }

  static String render(Map<String, Set<String>> named, Map<String, BeanCatalog.Entry> bound) {
    StringBuilder doc = new StringBuilder();
    doc.append("# Beans the routes name\n\n")
        .append("Generated by `BeansDocIT`; do not edit by hand. Regenerate with\n`")
        .append(REGENERATE)
        .append("`\n(the test fails when this file is stale).\n\n")
        .append(
            """
            A route in `src/main/resources/routes/` names a bean with `bean: {ref: name, method: …}`,
            `process: {ref: name}`, a `bean:name` endpoint, `${bean:name}` in an expression, a
            `#name` endpoint option, or a component bound by name as the scheme of a URI. Each bean is
            bound from Java when the process starts: by the capability in the third column
            (`io.reelroute.<capability>.<Capability>Capability`, method `bind(Beans)`), or by
            `io.reelroute.Reelroute` for the shared infrastructure. The classes are those of a
            process with the default settings (role `all`, embedded stack); extension routes
            (README "Extending Reelroute") can name the same beans.

            | Bean | Class | Bound by | Named in `routes/` |
            |---|---|---|---|
            """);
    named.forEach(
        (name, flows) -> {
          BeanCatalog.Entry entry = bound.get(name);
          doc.append("| `")
              .append(name)
              .append("` | ")
              .append(entry == null ? "_(not bound)_" : "`" + entry.type() + "`")
              .append(" | ")
              .append(entry == null ? "" : "`" + entry.boundBy() + "`")
              .append(" | ")
              .append(flows.stream().map(f -> "`" + f + "`").collect(Collectors.joining(", ")))
              .append(" |\n");
        });
    doc.append(
        """

        ## Bound, but named by no route

        Used from Java (another bean looks it up, or Camel itself uses it); an extension route
        may name these too.

        | Bean | Class | Bound by |
        |---|---|---|
        """);
    bound.values().stream()
        .filter(entry -> !named.containsKey(entry.name()))
        .forEach(
            entry ->
                doc.append("| `")
                    .append(entry.name())
                    .append("` | `")
                    .append(entry.type())
                    .append("` | `")
                    .append(entry.boundBy())
                    .append("` |\n"));
    return doc.toString();
  }
}
