package io.reelroute.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.reelroute.common.Json;
import io.reelroute.config.Settings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/** The files in docker/ stay true to the code: they parse, and name only what the code has. */
class DeploymentFilesTest {

  /**
   * Each IAM action the policies may grant, with the code that needs it: AWS SDK calls in Java, or
   * Camel endpoints in YAML routes (the aws2-sqs consumer receives, deletes and extends messages).
   */
  private static final Map<String, List<String>> ACTION_EVIDENCE =
      Map.ofEntries(
          Map.entry("s3:GetObject", List.of(".getObject(", ".headObject(", ".presignGetObject(")),
          Map.entry(
              "s3:PutObject",
              List.of(".putObject(", ".presignPutObject(", ".createMultipartUpload(")),
          Map.entry("s3:DeleteObject", List.of(".deleteObject(", ".deleteObjects(")),
          Map.entry("s3:AbortMultipartUpload", List.of(".abortMultipartUpload(")),
          Map.entry("s3:ListMultipartUploadParts", List.of(".listParts(")),
          Map.entry("s3:ListBucket", List.of(".listObjectsV2(", ".headBucket(")),
          Map.entry("s3:ListBucketMultipartUploads", List.of(".listMultipartUploads(")),
          Map.entry("sqs:SendMessage", List.of(".sendMessage(", "aws2-sqs:")),
          Map.entry("sqs:ReceiveMessage", List.of("uri: \"aws2-sqs:", ".receiveMessage(")),
          Map.entry("sqs:DeleteMessage", List.of("uri: \"aws2-sqs:", ".deleteMessage(")),
          Map.entry(
              "sqs:ChangeMessageVisibility",
              List.of("extendMessageVisibility", ".changeMessageVisibility(")),
          Map.entry("sqs:GetQueueUrl", List.of(".getQueueUrl(", "aws2-sqs:")),
          Map.entry("sqs:GetQueueAttributes", List.of(".getQueueAttributes(", "aws2-sqs:")));

  /** SDK calls that only provisioning makes (operators create these resources in AWS). */
  private static final Set<String> PROVISIONING_ONLY =
      Set.of(".createBucket(", ".createQueue(", ".setQueueAttributes(");

  private static String mainSources() throws IOException {
    try (Stream<Path> files = Files.walk(Path.of("src/main"))) {
      return files
          .filter(p -> p.toString().endsWith(".java") || p.toString().endsWith(".yaml"))
          .map(DeploymentFilesTest::read)
          .collect(Collectors.joining("\n"));
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static List<String> actions(String policyFile) throws IOException {
    JsonNode policy = Json.MAPPER.readTree(Path.of("docker/aws", policyFile).toFile());
    assertEquals("2012-10-17", policy.get("Version").asText());
    List<String> actions = new ArrayList<>();
    for (JsonNode statement : policy.get("Statement")) {
      assertEquals("Allow", statement.get("Effect").asText());
      assertTrue(
          statement.has("Resource") && !statement.get("Resource").toString().contains("\"*\""),
          "no wildcard resource");
      JsonNode action = statement.get("Action");
      if (action.isArray()) {
        action.forEach(a -> actions.add(a.asText()));
      } else {
        actions.add(action.asText());
      }
    }
    return actions;
  }

  @Test
  void iamPoliciesNameOnlyActionsTheCodeUses() throws IOException {
    String code = mainSources();
    Set<String> granted = new TreeSet<>();
    for (String file : List.of("iam-api-policy.json", "iam-worker-policy.json")) {
      for (String action : actions(file)) {
        assertTrue(!action.contains("*"), file + ": no wildcard action " + action);
        List<String> evidence = ACTION_EVIDENCE.get(action);
        assertTrue(
            evidence != null, file + " grants " + action + ", which no code is known to need");
        assertTrue(
            evidence.stream().anyMatch(code::contains),
            file + " grants " + action + " but the code never uses it");
        granted.add(action);
      }
    }
    // and the other way round: every SDK call of the code is granted to some role
    Matcher calls = Pattern.compile("\\.(\\w+)\\(").matcher(code);
    Set<String> missing = new TreeSet<>();
    while (calls.find()) {
      String call = "." + calls.group(1) + "(";
      if (PROVISIONING_ONLY.contains(call)) {
        continue;
      }
      ACTION_EVIDENCE.forEach(
          (action, evidence) -> {
            if (evidence.contains(call)
                && call.matches("\\.[a-z].*")
                && !granted.contains(action)) {
              missing.add(action + " (for " + call + ")");
            }
          });
    }
    assertTrue(missing.isEmpty(), "the code needs actions no policy grants: " + missing);
  }

  @Test
  void awsJsonDocumentsParse() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("docker/aws"))) {
      for (Path file : files.filter(p -> p.toString().endsWith(".json")).toList()) {
        Json.MAPPER.readTree(file.toFile()); // throws on a syntax error
      }
    }
  }

  /** Every REELROUTE_* variable the deployment files set is a real setting. */
  @Test
  void deploymentFilesUseOnlyRealSettings() throws IOException {
    Properties properties = new Properties();
    try (InputStream in = getClass().getResourceAsStream("/application.properties")) {
      properties.load(in);
    }
    Set<String> known =
        properties.stringPropertyNames().stream()
            .map(Settings::envName)
            .collect(Collectors.toSet());
    Set<String> unknown = new TreeSet<>();
    for (Path file :
        List.of(
            Path.of("docker/compose.yaml"),
            Path.of("docker/k8s/config.yaml"),
            Path.of("docker/k8s/api.yaml"),
            Path.of("docker/k8s/worker.yaml"),
            Path.of("docker/Dockerfile"),
            Path.of("script/cluster"))) {
      Matcher m = Pattern.compile("\\b(REELROUTE_[A-Z0-9_]+)").matcher(read(file));
      while (m.find()) {
        if (!known.contains(m.group(1)) && !m.group(1).startsWith("REELROUTE_CLUSTER_")) {
          unknown.add(file + ": " + m.group(1));
        }
      }
    }
    assertTrue(unknown.isEmpty(), "settings that do not exist: " + unknown);
  }

  @Test
  @SuppressWarnings("unchecked")
  void alertingRulesAreAPrometheusRulesFile() {
    Map<String, Object> file =
        (Map<String, Object>)
            new Load(LoadSettings.builder().build())
                .loadFromString(read(Path.of("docker/observability/prometheus-rules.yaml")));
    List<Map<String, Object>> groups = (List<Map<String, Object>>) file.get("groups");
    assertEquals(1, groups.size());
    List<Map<String, Object>> rules = (List<Map<String, Object>>) groups.get(0).get("rules");
    assertTrue(rules.size() >= 6, rules.toString());
    Set<String> names = new TreeSet<>();
    for (Map<String, Object> rule : rules) {
      String alert = (String) rule.get("alert");
      assertTrue(alert != null && alert.matches("Reelroute[A-Za-z]+"), rule.toString());
      assertTrue(names.add(alert), "duplicate alert " + alert);
      assertTrue(rule.get("expr") instanceof String expr && !expr.isBlank(), alert);
      assertTrue(((Map<String, Object>) rule.get("labels")).containsKey("severity"), alert);
      assertTrue(((Map<String, Object>) rule.get("annotations")).containsKey("summary"), alert);
    }
  }

  @Test
  void grafanaDashboardShowsWhatOperatorsWatch() throws IOException {
    JsonNode dashboard =
        Json.MAPPER.readTree(Path.of("docker/observability/grafana-dashboard.json").toFile());
    assertEquals("reelroute-overview", dashboard.get("uid").asText());
    // the data source is chosen on import, never a uid of somebody's Grafana
    assertEquals("datasource", dashboard.at("/templating/list/0/type").asText());
    Map<String, String> queries = new java.util.LinkedHashMap<>();
    Set<Integer> ids = new TreeSet<>();
    for (JsonNode panel : dashboard.get("panels")) {
      assertTrue(ids.add(panel.get("id").asInt()), "panel ids are unique");
      if (panel.get("type").asText().equals("row")) {
        continue;
      }
      assertEquals("${datasource}", panel.at("/datasource/uid").asText(), panel.toString());
      StringBuilder exprs = new StringBuilder();
      for (JsonNode target : panel.get("targets")) {
        String expr = target.get("expr").asText();
        assertTrue(!expr.isBlank() && balanced(expr), panel.get("title") + ": " + expr);
        exprs.append(expr).append('\n');
      }
      queries.put(panel.get("title").asText(), exprs.toString());
    }
    // what issue 7 asks the dashboard to show, by the metric behind it
    Map<String, String> wanted =
        Map.of(
            "Route throughput", "camel_exchanges_total",
            "Route failures", "camel_exchanges_failed_total",
            "Queue depth", "reelroute_queue_messages",
            "Jobs by outcome", "reelroute_transcode_jobs_total",
            "Transcode speed", "reelroute_transcode_seconds_per_video_second_bucket",
            "API latency", "reelroute_http_server_requests_seconds_bucket");
    wanted.forEach(
        (title, metric) ->
            assertTrue(
                queries.getOrDefault(title, "").contains(metric),
                "panel " + title + " queries " + metric + ": " + queries.keySet()));
  }

  private static boolean balanced(String expr) {
    int depth = 0;
    for (char c : expr.toCharArray()) {
      depth += c == '(' ? 1 : c == ')' ? -1 : 0;
      if (depth < 0) {
        return false;
      }
    }
    return depth == 0;
  }

  @Test
  void dockerfileIsMultiStageNonRootWithHealthcheck() {
    String dockerfile = read(Path.of("docker/Dockerfile"));
    assertTrue(
        Pattern.compile("(?m)^FROM ").matcher(dockerfile).results().count() >= 3, "multi-stage");
    assertTrue(dockerfile.contains("USER 10001"), "non-root user");
    assertTrue(dockerfile.contains("HEALTHCHECK") && dockerfile.contains("/observe/health/live"));
    assertTrue(dockerfile.contains("ffmpeg"), "workers need ffmpeg in the runtime image");
  }

  @SuppressWarnings("unchecked")
  @Test
  void composeFileIsValid(@TempDir Path tmp) throws Exception {
    Map<String, Object> compose =
        (Map<String, Object>)
            new Load(LoadSettings.builder().build())
                .loadFromString(read(Path.of("docker/compose.yaml")));
    Map<String, Object> services = (Map<String, Object>) compose.get("services");
    assertTrue(
        services.keySet().containsAll(List.of("api", "worker", "mysql", "minio", "elasticmq")),
        services.keySet().toString());
    assertEquals("mysql:8.4", ((Map<String, Object>) services.get("mysql")).get("image"));
    assertEquals(
        2,
        ((Map<String, Object>) ((Map<String, Object>) services.get("worker")).get("deploy"))
            .get("replicas"));
    // And the Compose client's own validation, where one is installed (script/bootstrap installs
    // it).
    List<String> client = composeClient();
    if (client != null) {
      Path docker = tmp.resolve("docker");
      Files.createDirectories(docker.resolve("secrets"));
      Files.copy(Path.of("docker/compose.yaml"), docker.resolve("compose.yaml"));
      Files.writeString(docker.resolve("secrets/db-password"), "x");
      Files.writeString(docker.resolve("secrets/minio-password"), "x");
      Files.writeString(docker.resolve("secrets/key-encryption-key"), "x");
      List<String> command = new ArrayList<>(client);
      command.addAll(List.of("-f", docker.resolve("compose.yaml").toString(), "config", "-q"));
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(process.waitFor(60, TimeUnit.SECONDS));
      assertEquals(0, process.exitValue(), String.join(" ", command) + ": " + output);
    }
  }

  @Test
  void kubernetesManifestsHaveProbesAndScaleWorkersToZero() throws Exception {
    List<Object> documents = new ArrayList<>();
    try (Stream<Path> files = Files.list(Path.of("docker/k8s"))) {
      for (Path file : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
        new Load(LoadSettings.builder().build())
            .loadAllFromString(read(file))
            .forEach(documents::add);
      }
    }
    String all = documents.toString();
    assertTrue(
        all.contains("path=/observe/health/live") && all.contains("path=/observe/health/ready"),
        "probes");
    assertTrue(
        all.contains("kind=ScaledObject")
            && all.contains("minReplicaCount=0")
            && all.contains("type=aws-sqs-queue"),
        "KEDA on SQS to zero");
    if (onPath("kubectl")) {
      Process process =
          new ProcessBuilder("kubectl", "kustomize", "docker/k8s")
              .redirectErrorStream(true)
              .start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(process.waitFor(60, TimeUnit.SECONDS));
      assertEquals(0, process.exitValue(), output);
    }
  }

  private static List<String> composeClient() throws Exception {
    if (onPath("docker") && run(List.of("docker", "compose", "version"))) {
      return List.of("docker", "compose");
    }
    return onPath("docker-compose") ? List.of("docker-compose") : null;
  }

  private static boolean onPath(String command) {
    return Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
        .anyMatch(dir -> Files.isExecutable(Path.of(dir, command)));
  }

  private static boolean run(List<String> command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    process.getInputStream().readAllBytes();
    return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
  }
}
