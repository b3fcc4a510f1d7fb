package io.reelroute.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Every Reelroute setting, resolved once at start-up. Precedence (highest first): explicit
 * overrides (tests), JVM system properties, environment variables ({@code reelroute.db.url} is
 * {@code REELROUTE_DB_URL}), then {@code application.properties} on the class path.
 *
 * <p>Settings are checked here, before anything starts, so a wrong value ends the process with one
 * line naming the setting instead of a stack trace from deep inside a component.
 */
public final class Settings {

  public enum Role {
    ALL,
    API,
    WORKER,
    STACK;

    public boolean runsApi() {
      return this == ALL || this == API;
    }

    public boolean runsWorker() {
      return this == ALL || this == WORKER;
    }
  }

  public enum StackMode {
    EMBEDDED,
    EXTERNAL
  }

  private final Map<String, String> values;

  private Settings(Map<String, String> values) {
    this.values = values;
  }

  /** Loads application.properties and applies environment, system properties and overrides. */
  public static Settings load(Map<String, String> overrides) {
    return load(overrides, System.getenv(), System.getProperties());
  }

  static Settings load(Map<String, String> overrides, Map<String, String> env, Properties sys) {
    Map<String, String> merged = new TreeMap<>();
    Properties defaults = new Properties();
    try (InputStream in = Settings.class.getResourceAsStream("/application.properties")) {
      if (in != null) {
        defaults.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new SettingsException("application.properties", "cannot be read: " + e.getMessage());
    }
    defaults.stringPropertyNames().forEach(k -> merged.put(k, defaults.getProperty(k).trim()));
    // Environment and system properties may only set keys we know, plus camel.* pass-through.
    for (String key : defaults.stringPropertyNames()) {
      String fromEnv = env.get(envName(key));
      if (fromEnv != null) {
        merged.put(key, fromEnv.trim());
      }
    }
    for (String key : sys.stringPropertyNames()) {
      if (key.startsWith("reelroute.") || key.startsWith("camel.")) {
        merged.put(key, sys.getProperty(key).trim());
      }
    }
    merged.putAll(overrides);
    Settings settings = new Settings(merged);
    settings.validate();
    return settings;
  }

  /** The environment variable that overrides a property: upper case, dots and dashes as '_'. */
  public static String envName(String key) {
    return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  private void validate() {
    role();
    stackMode();
    port("reelroute.http.port");
    if (managementPortSet()) {
      int management = port("reelroute.management.port");
      if (management == port("reelroute.http.port") && management != 0) {
        throw new SettingsException(
            "reelroute.management.port", "must differ from reelroute.http.port");
      }
    }
    if (stackMode() == StackMode.EMBEDDED) {
      port("reelroute.embedded.s3-port");
      port("reelroute.embedded.sqs-port");
      port("reelroute.embedded.db-port");
      port("reelroute.embedded.smtp-port");
    } else if (role() != Role.STACK) {
      require("reelroute.db.url");
      require("reelroute.s3.bucket");
      require("reelroute.sqs.queue");
    }
    positiveInt("reelroute.db.pool-size");
    positiveInt("reelroute.sqs.max-receive-count");
  }

  public Role role() {
    return parseEnum("reelroute.role", Role.class);
  }

  public StackMode stackMode() {
    return parseEnum("reelroute.stack", StackMode.class);
  }

  /** Whether /observe has a port of its own ({@code reelroute.management.port} set). */
  public boolean managementPortSet() {
    return !getOrEmpty("reelroute.management.port").isBlank();
  }

  /** The address the management port binds: reelroute.management.host, else the HTTP host. */
  public String managementHost() {
    String host = getOrEmpty("reelroute.management.host").strip();
    return host.isEmpty() ? get("reelroute.http.host") : host;
  }

  public String get(String key) {
    String value = values.get(key);
    if (value == null) {
      throw new SettingsException(key, "is not defined in application.properties");
    }
    return value;
  }

  public String getOrEmpty(String key) {
    return values.getOrDefault(key, "");
  }

  public boolean isSet(String key) {
    return !getOrEmpty(key).isBlank();
  }

  public String require(String key) {
    String value = getOrEmpty(key);
    if (value.isBlank()) {
      throw new SettingsException(
          key, "must be set (environment variable " + envName(key) + ") in external mode");
    }
    return value;
  }

  public int port(String key) {
    int port = integer(key);
    if (port < 0 || port > 65535) {
      throw new SettingsException(key, "must be a TCP port between 0 and 65535, got " + port);
    }
    return port;
  }

  public int positiveInt(String key) {
    int value = integer(key);
    if (value <= 0) {
      throw new SettingsException(key, "must be a positive number, got " + value);
    }
    return value;
  }

  public int integer(String key) {
    String raw = get(key);
    try {
      return Integer.parseInt(raw);
    } catch (NumberFormatException e) {
      throw new SettingsException(key, "must be a whole number, got '" + raw + "'");
    }
  }

  public long longValue(String key) {
    String raw = get(key);
    try {
      return Long.parseLong(raw);
    } catch (NumberFormatException e) {
      throw new SettingsException(key, "must be a whole number, got '" + raw + "'");
    }
  }

  public boolean bool(String key) {
    String raw = get(key).toLowerCase(Locale.ROOT);
    if (!raw.equals("true") && !raw.equals("false")) {
      throw new SettingsException(key, "must be true or false, got '" + raw + "'");
    }
    return Boolean.parseBoolean(raw);
  }

  public Path path(String key) {
    return Path.of(get(key)).toAbsolutePath().normalize();
  }

  /** The database password: from the setting, or else from the file the setting names. */
  public String dbPassword() {
    return secret("reelroute.db.password");
  }

  /**
   * A secret: the value of {@code key}, or else the content of the file named by {@code key-file}
   * (a mounted Kubernetes or Docker secret), so secrets need not sit in the environment.
   */
  public String secret(String key) {
    String fileKey = key + "-file";
    if (isSet(fileKey)) {
      Path file = path(fileKey);
      try {
        return Files.readString(file, StandardCharsets.UTF_8).strip();
      } catch (IOException e) {
        throw new SettingsException(fileKey, "cannot read " + file + ": " + e.getMessage());
      }
    }
    return getOrEmpty(key);
  }

  /** A copy with some values replaced (the embedded stack fills in its endpoints this way). */
  public Settings with(Map<String, String> replacements) {
    Map<String, String> copy = new TreeMap<>(values);
    copy.putAll(replacements);
    return new Settings(copy);
  }

  /** All values, for Camel's property placeholders; secrets are included, never log this. */
  public Map<String, String> asMap() {
    return Map.copyOf(values);
  }

  private <E extends Enum<E>> E parseEnum(String key, Class<E> type) {
    String raw = get(key);
    try {
      return Enum.valueOf(type, raw.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      StringBuilder allowed = new StringBuilder();
      for (E constant : type.getEnumConstants()) {
        allowed.append(allowed.length() == 0 ? "" : ", ").append(constant.name().toLowerCase());
      }
      throw new SettingsException(key, "must be one of " + allowed + ", got '" + raw + "'");
    }
  }
}
