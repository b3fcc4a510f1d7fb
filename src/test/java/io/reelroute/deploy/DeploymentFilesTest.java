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

  /** Every document of every manifest in docker/k8s, by kind (in file order). */
  @SuppressWarnings("unchecked")
  private static Map<String, List<Map<String, Object>>> manifestsByKind() throws IOException {
    Map<String, List<Map<String, Object>>> byKind = new java.util.LinkedHashMap<>();
    try (Stream<Path> files = Files.list(Path.of("docker/k8s"))) {
      for (Path file : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
        for (Object doc : new Load(LoadSettings.builder().build()).loadAllFromString(read(file))) {
          Map<String, Object> map = (Map<String, Object>) doc;
          byKind.computeIfAbsent(String.valueOf(map.get("kind")), k -> new ArrayList<>()).add(map);
        }
      }
    }
    return byKind;
  }

  @SuppressWarnings("unchecked")
  private static <T> T at(Object node, String... path) {
    Object current = node;
    for (String key : path) {
      assertTrue(current instanceof Map, "no " + key + " in " + node);
      current = ((Map<String, Object>) current).get(key);
    }
    return (T) current;
  }

  @Test
  @SuppressWarnings("unchecked")
  void kubernetesPodsMeetTheRestrictedPodSecurityStandardAndAreScraped() throws Exception {
    Map<String, List<Map<String, Object>>> manifests = manifestsByKind();
    Map<String, Object> namespace = manifests.get("Namespace").get(0);
    Map<String, Object> labels = at(namespace, "metadata", "labels");
    for (String mode : List.of("enforce", "audit", "warn")) {
      assertEquals("restricted", labels.get("pod-security.kubernetes.io/" + mode), mode);
      assertTrue(labels.containsKey("pod-security.kubernetes.io/" + mode + "-version"), mode);
    }
    List<Map<String, Object>> deployments = manifests.get("Deployment");
    assertEquals(2, deployments.size());
    for (Map<String, Object> deployment : deployments) {
      String name = at(deployment, "metadata", "name");
      Map<String, Object> pod = at(deployment, "spec", "template");
      assertEquals(
          "RuntimeDefault", at(pod, "spec", "securityContext", "seccompProfile", "type"), name);
      assertEquals(true, at(pod, "spec", "securityContext", "runAsNonRoot"), name);
      for (Map<String, Object> container :
          (List<Map<String, Object>>) at(pod, "spec", "containers")) {
        assertEquals(false, at(container, "securityContext", "allowPrivilegeEscalation"), name);
        assertEquals(
            List.of("ALL"), at(container, "securityContext", "capabilities", "drop"), name);
      }
      Map<String, Object> annotations = at(pod, "metadata", "annotations");
      assertEquals("true", annotations.get("prometheus.io/scrape"), name);
      assertEquals("8080", annotations.get("prometheus.io/port"), name);
      // the path the process really serves its Prometheus text on (README, ObserveIT)
      assertEquals("/observe/metrics", annotations.get("prometheus.io/path"), name);
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void kubernetesHasDisruptionBudgetsIngressAndNetworkPolicies() throws Exception {
    Map<String, List<Map<String, Object>>> manifests = manifestsByKind();
    // every PodDisruptionBudget selects the pods of a Deployment, and both roles have one
    Set<String> budgeted = new TreeSet<>();
    for (Map<String, Object> pdb : manifests.get("PodDisruptionBudget")) {
      Map<String, Object> selector = at(pdb, "spec", "selector", "matchLabels");
      Map<String, Object> deployment =
          manifests.get("Deployment").stream()
              .filter(d -> at(d, "spec", "template", "metadata", "labels").equals(selector))
              .findFirst()
              .orElseThrow(() -> new AssertionError("PDB selects no Deployment: " + selector));
      budgeted.add(at(deployment, "metadata", "name"));
      Map<String, Object> spec = at(pdb, "spec");
      assertTrue(
          spec.containsKey("minAvailable") || spec.containsKey("maxUnavailable"), pdb.toString());
    }
    assertEquals(Set.of("reelroute-api", "reelroute-worker"), budgeted);
    // the Ingress sends traffic to the api Service on a port the Service has
    Map<String, Object> ingress = manifests.get("Ingress").get(0);
    List<Map<String, Object>> rules = at(ingress, "spec", "rules");
    Map<String, Object> backend =
        at(
            ((List<Map<String, Object>>) at(rules.get(0), "http", "paths")).get(0),
            "backend",
            "service");
    Map<String, Object> service =
        manifests.get("Service").stream()
            .filter(svc -> backend.get("name").equals(at(svc, "metadata", "name")))
            .findFirst()
            .orElseThrow(() -> new AssertionError("Ingress names no Service: " + backend));
    String portName = at(backend, "port", "name");
    assertTrue(
        ((List<Map<String, Object>>) at(service, "spec", "ports"))
            .stream().anyMatch(port -> portName.equals(port.get("name"))),
        "the Service has port " + portName);
    // network policies: deny by default, then the api's ingress on 8080
    List<Map<String, Object>> policies = manifests.get("NetworkPolicy");
    assertTrue(
        policies.stream()
            .anyMatch(
                np ->
                    ((Map<String, Object>) at(np, "spec", "podSelector")).isEmpty()
                        && ((List<String>) at(np, "spec", "policyTypes"))
                            .containsAll(List.of("Ingress", "Egress"))
                        && !((Map<String, Object>) at(np, "spec")).containsKey("ingress")),
        "a default-deny policy");
    assertTrue(
        policies.stream()
            .anyMatch(
                np ->
                    String.valueOf((Object) at(np, "spec", "podSelector"))
                            .contains("app.kubernetes.io/component=api")
                        && String.valueOf((Object) at(np, "spec", "ingress"))
                            .contains("port=8080")),
        "the api admits its HTTP port");
    // kustomize applies every manifest of the directory
    List<String> resources = at(manifests.get("Kustomization").get(0), "resources");
    try (Stream<Path> files = Files.list(Path.of("docker/k8s"))) {
      Set<String> yaml =
          files
              .map(p -> p.getFileName().toString())
              .filter(n -> n.endsWith(".yaml") && !n.equals("kustomization.yaml"))
              .collect(Collectors.toCollection(TreeSet::new));
      assertEquals(yaml, new TreeSet<>(resources), "kustomization.yaml lists every manifest");
    }
  }

  @Test
  void dockerBaseImagesArePinnedAndTheHealthCheckNeedsNoCurl() {
    String dockerfile = read(Path.of("docker/Dockerfile"));
    Matcher from = Pattern.compile("(?m)^FROM\\s+(\\S+)").matcher(dockerfile);
    int images = 0;
    while (from.find()) {
      String image = from.group(1);
      images++;
      // an exact version: name:MAJOR.MINOR.PATCH..., never a floating tag
      assertTrue(
          image.matches("[a-z0-9./_-]+:\\d+\\.\\d+\\.\\d+[A-Za-z0-9._-]*(@sha256:[0-9a-f]{64})?"),
          "pinned base image: " + image);
    }
    assertEquals(3, images);
    String healthcheck =
        dockerfile.substring(dockerfile.indexOf("HEALTHCHECK"), dockerfile.indexOf("ENTRYPOINT"));
    String instructions = dockerfile.replaceAll("(?m)^\\s*#.*$", "");
    assertTrue(!instructions.contains("curl"), "no curl installed or needed");
    assertTrue(healthcheck.contains("/observe/health/live"));
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
