package io.reelroute.auth;

import io.reelroute.testing.TestApp;
import java.util.HashMap;
import java.util.Map;

/**
 * Another Reelroute api process in this JVM, on the shared app's embedded stack (external mode).
 */
final class OtherProcess {

  private OtherProcess() {}

  static TestApp start(TestApp shared, Map<String, String> overrides) {
    Map<String, String> settings = new HashMap<>(shared.app().stack().endpoints().asSettings());
    settings.put("reelroute.stack", "external");
    settings.put("reelroute.role", "api");
    settings.put("reelroute.s3.bucket", shared.app().settings().get("reelroute.s3.bucket"));
    settings.put("reelroute.sqs.queue", shared.app().settings().get("reelroute.sqs.queue"));
    // same issuer as the shared app: tokens of one process are tokens of the service
    settings.put("reelroute.auth.issuer", shared.app().settings().get("reelroute.public-url"));
    settings.putAll(overrides);
    return TestApp.start(settings);
  }
}
