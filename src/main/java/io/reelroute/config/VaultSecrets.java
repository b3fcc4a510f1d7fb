package io.reelroute.config;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.vault.AwsVaultConfiguration;

/**
 * Settings whose value is a Camel AWS Secrets Manager placeholder, {@code {{aws:name}}} (the whole
 * secret) or {@code {{aws:name/field}}} (one field of a JSON secret, {@code
 * {{aws:name/field:default}}} with a default), are read from AWS Secrets Manager once at start,
 * before anything uses them: the database password, the key-encryption key, the playback token
 * secret, the SMTP password, the AWS secret key. An alternative to the {@code *-file} settings. The
 * lookup is Camel's own properties function (camel-aws-secrets-manager), configured by Camel's
 * vault properties {@code camel.vault.aws.*} (system properties or application.properties: {@code
 * region}, {@code defaultCredentialsProvider}, {@code accessKey}/{@code secretKey}, {@code
 * profileCredentialsProvider}/ {@code profileName}, {@code overrideEndpoint}/{@code
 * uriEndpointOverride}) or their environment variables {@code CAMEL_VAULT_AWS_REGION}, {@code
 * CAMEL_VAULT_AWS_USE_DEFAULT_CREDENTIALS_PROVIDER} and so on; route files may use the same
 * placeholders.
 */
public final class VaultSecrets {

  private static final String PREFIX = "camel.vault.aws.";

  private VaultSecrets() {}

  /** The settings with every {@code {{aws:…}}} value read; the same settings when none has one. */
  public static Settings resolve(Settings settings) {
    Map<String, String> all = settings.asMap();
    Map<String, String> placeholders = new HashMap<>();
    all.forEach(
        (key, value) -> {
          if (value.contains("{{aws:") && !key.startsWith(PREFIX)) {
            placeholders.put(key, value);
          }
        });
    if (placeholders.isEmpty()) {
      return settings;
    }
    Map<String, String> resolved = new HashMap<>();
    DefaultCamelContext context = new DefaultCamelContext();
    try {
      configure(context.getVaultConfiguration().aws(), all);
      for (Map.Entry<String, String> e : placeholders.entrySet()) {
        try {
          resolved.put(e.getKey(), context.resolvePropertyPlaceholders(e.getValue()));
        } catch (RuntimeException failure) {
          throw new SettingsException(
              e.getKey(),
              "cannot be read from AWS Secrets Manager: "
                  + io.reelroute.Reelroute.oneLine(failure));
        }
      }
    } finally {
      context.stop(); // also stops the function's Secrets Manager client
    }
    return settings.with(resolved);
  }

  /** Camel's vault properties from the settings (camelCase or kebab-case names). */
  static void configure(AwsVaultConfiguration aws, Map<String, String> all) {
    text(all, "region", aws::setRegion);
    text(all, "accessKey", aws::setAccessKey);
    text(all, "secretKey", aws::setSecretKey);
    text(all, "profileName", aws::setProfileName);
    text(all, "uriEndpointOverride", aws::setUriEndpointOverride);
    text(all, "defaultCredentialsProvider", v -> aws.setDefaultCredentialsProvider(flag(v)));
    text(all, "profileCredentialsProvider", v -> aws.setProfileCredentialsProvider(flag(v)));
    text(all, "overrideEndpoint", v -> aws.setOverrideEndpoint(flag(v)));
  }

  private static void text(Map<String, String> all, String name, Consumer<String> setter) {
    String value = all.get(PREFIX + name);
    if (value == null) {
      value =
          all.get(PREFIX + name.replaceAll("([A-Z])", "-$1").toLowerCase(java.util.Locale.ROOT));
    }
    if (value != null && !value.isBlank()) {
      setter.accept(value.strip());
    }
  }

  private static boolean flag(String value) {
    return Boolean.parseBoolean(value);
  }
}
