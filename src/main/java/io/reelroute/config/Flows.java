package io.reelroute.config;

import java.util.Arrays;
import java.util.stream.Collectors;

/** Which built-in YAML flows a process loads (camel.main.routes-include-pattern). */
public final class Flows {

  private Flows() {}

  /** The YAML route files of this role, from the reelroute.routes.* lists in the settings. */
  public static String includePattern(Settings settings) {
    Settings.Role role = settings.role();
    String flows =
        settings.get("reelroute.routes.common")
            + (role.runsApi() ? "," + settings.get("reelroute.routes.api") : "")
            + (role.runsWorker() ? "," + settings.get("reelroute.routes.worker") : "");
    return Arrays.stream(flows.split(","))
        .map(String::strip)
        .filter(flow -> !flow.isEmpty())
        // the bucket's own S3 notifications feed the queue instead (docs/pipeline.md)
        .filter(
            flow ->
                !flow.equals("upload-events") || settings.bool("reelroute.upload-events.enabled"))
        // with a management port, /observe/info moves there and the public port gets the bare
        // liveness/readiness routes instead
        .map(
            flow ->
                flow.equals("observe") && settings.managementPortSet() ? "observe-public" : flow)
        .distinct()
        .map(flow -> "classpath:routes/" + flow + ".camel.yaml")
        .collect(Collectors.joining(","));
  }
}
