package io.reelroute.config;

/**
 * A slice of Reelroute (auth, catalog, upload, transcode, ...) that binds the beans its YAML routes
 * name. Each capability lives in its own package; {@link Capabilities} lists them.
 */
public interface Capability {

  /** Binds this capability's beans before the routes start. */
  void bind(Beans beans);
}
