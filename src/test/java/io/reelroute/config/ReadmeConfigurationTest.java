package io.reelroute.config;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The README's configuration table lists every setting, with its real default. */
class ReadmeConfigurationTest {

  @Test
  void everySettingIsInTheReadmeTableWithItsDefault() throws Exception {
    String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
    Properties properties = new Properties();
    try (InputStream in = getClass().getResourceAsStream("/application.properties")) {
      properties.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
    }
    List<String> problems = new ArrayList<>();
    for (String key : properties.stringPropertyNames()) {
      if (!key.startsWith("reelroute.")) {
        continue;
      }
      String row =
          readme.lines().filter(l -> l.startsWith("| `" + key + "` |")).findFirst().orElse(null);
      if (row == null) {
        problems.add(key + " has no row");
        continue;
      }
      String value = properties.getProperty(key).trim();
      boolean listsDefault =
          value.isEmpty()
              ? row.contains("_(empty)_") || row.contains("see file")
              : row.contains("`" + value + "`") || row.contains("see file");
      if (!listsDefault) {
        problems.add(key + " row does not show the default '" + value + "'");
      }
    }
    assertTrue(problems.isEmpty(), "README configuration table: " + problems);
  }
}
