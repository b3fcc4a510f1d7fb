package io.reelroute.observe;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/** Version and git commit of this build, for /observe/info and the start-up log line. */
public record BuildInfo(String version, String commit, String commitTime, boolean dirty) {

  public static BuildInfo load() {
    Properties build = read("/build-info.properties");
    Properties git = read("/git.properties");
    return new BuildInfo(
        build.getProperty("version", "unknown"),
        git.getProperty("git.commit.id.abbrev", "unknown"),
        git.getProperty("git.commit.time", "unknown"),
        Boolean.parseBoolean(git.getProperty("git.dirty", "false")));
  }

  /** The body of /observe/info. */
  public Map<String, Object> asMap() {
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("name", "reelroute");
    info.put("version", version);
    info.put("git", Map.of("commit", commit, "time", commitTime, "dirty", dirty));
    info.put("java", System.getProperty("java.version"));
    return info;
  }

  private static Properties read(String resource) {
    Properties properties = new Properties();
    try (InputStream in = BuildInfo.class.getResourceAsStream(resource)) {
      if (in != null) {
        properties.load(in);
      }
    } catch (IOException e) {
      // an unreadable build file only makes the info say "unknown"
    }
    return properties;
  }
}
