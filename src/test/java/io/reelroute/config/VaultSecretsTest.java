package io.reelroute.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {{aws:…}} settings through Camel's AWS Secrets Manager function, against a stand-in for the
 * Secrets Manager API (its JSON protocol, GetSecretValue) on this machine: the real SDK request,
 * signed with the vault's credentials, to the endpoint camel.vault.aws.uriEndpointOverride names.
 */
class VaultSecretsTest {

  private HttpServer server;
  private final List<String> asked = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
          String body =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          String auth = exchange.getRequestHeaders().getFirst("Authorization");
          asked.add(target + " " + body + " " + (auth != null && auth.contains("AKIDVAULT")));
          String answer;
          int status;
          if ("secretsmanager.GetSecretValue".equals(target)
              && body.contains("\"reelroute/prod\"")) {
            status = 200;
            answer =
                "{\"ARN\":\"arn:aws:secretsmanager:eu-west-1:123456789012:secret:reelroute-prod-x\","
                    + "\"Name\":\"reelroute-prod\",\"VersionId\":\"v1\",\"SecretString\":"
                    + "\"{\\\"db-password\\\":\\\"pw from the vault\\\",\\\"kek\\\":\\\"a2V5\\\"}\"}";
          } else {
            status = 400;
            answer =
                "{\"__type\":\"ResourceNotFoundException\","
                    + "\"message\":\"Secrets Manager can't find the specified secret.\"}";
          }
          byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
          exchange.sendResponseHeaders(status, bytes.length);
          exchange.getResponseBody().write(bytes);
          exchange.close();
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private Map<String, String> vault() {
    return Map.of(
        "camel.vault.aws.region", "eu-west-1",
        "camel.vault.aws.accessKey", "AKIDVAULT",
        "camel.vault.aws.secretKey", "vault-secret",
        "camel.vault.aws.overrideEndpoint", "true",
        "camel.vault.aws.uriEndpointOverride", "http://127.0.0.1:" + server.getAddress().getPort());
  }

  @Test
  void awsPlaceholdersInSettingsAreReadFromSecretsManager() {
    Map<String, String> settings = new java.util.HashMap<>(vault());
    settings.put("reelroute.db.password", "{{aws:reelroute/prod#db-password}}");
    settings.put("reelroute.auth.key-encryption-key", "{{aws:reelroute/prod#kek}}");
    Settings resolved;
    try {
      resolved = VaultSecrets.resolve(Settings.load(settings));
    } catch (SettingsException e) {
      throw new AssertionError("asked: " + asked, e);
    }
    assertEquals("pw from the vault", resolved.dbPassword(), "asked: " + asked);
    assertEquals("a2V5", resolved.secret("reelroute.auth.key-encryption-key"));
    assertTrue(
        asked.stream().allMatch(a -> a.startsWith("secretsmanager.GetSecretValue")), "" + asked);
    assertTrue(asked.stream().allMatch(a -> a.endsWith("true")), "signed with the vault's key");
  }

  @Test
  void aMissingSecretStopsTheStartNamingTheSetting() {
    Map<String, String> settings = new java.util.HashMap<>(vault());
    settings.put("reelroute.smtp.password", "{{aws:reelroute/other#smtp}}");
    SettingsException e =
        assertThrows(SettingsException.class, () -> VaultSecrets.resolve(Settings.load(settings)));
    assertTrue(e.getMessage().contains("reelroute.smtp.password"), e.getMessage());
  }

  @Test
  void withoutPlaceholdersNothingIsAsked() {
    Settings plain = Settings.load(Map.of("reelroute.db.password", "plain"));
    assertSame(plain, VaultSecrets.resolve(plain));
    assertTrue(asked.isEmpty());
  }
}
