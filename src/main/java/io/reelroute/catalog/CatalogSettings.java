package io.reelroute.catalog;

import io.reelroute.config.Settings;
import io.reelroute.config.SettingsException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The reelroute.upload.* and reelroute.catalog.* settings, checked once at start-up. */
public record CatalogSettings(
    String bucket,
    long singlePutMaxBytes,
    long maxBytes,
    List<String> allowedTypes,
    Duration uploadUrlExpiry,
    long partSizeBytes,
    Duration expireAfter,
    int defaultPageSize,
    int maxPageSize,
    Duration downloadUrlExpiry,
    Duration cacheTtl) {

  /** S3's limits on multipart uploads. */
  public static final long MIN_PART_BYTES = 5L * 1024 * 1024;

  public static final long MAX_PART_BYTES = 5L * 1024 * 1024 * 1024;
  public static final int MAX_PARTS = 10_000;

  public static CatalogSettings from(Settings settings) {
    long singleMax = positiveLong(settings, "reelroute.upload.single-put-max-bytes");
    long max = positiveLong(settings, "reelroute.upload.max-bytes");
    if (singleMax > MAX_PART_BYTES) {
      throw new SettingsException(
          "reelroute.upload.single-put-max-bytes", "must be at most 5 GiB (S3's PUT limit)");
    }
    long partSize = positiveLong(settings, "reelroute.upload.part-size-bytes");
    if (partSize < MIN_PART_BYTES || partSize > MAX_PART_BYTES) {
      throw new SettingsException(
          "reelroute.upload.part-size-bytes", "must be between 5 MiB and 5 GiB (S3's part limits)");
    }
    if (max > MAX_PART_BYTES * MAX_PARTS) {
      throw new SettingsException("reelroute.upload.max-bytes", "must be at most 48.8 TiB");
    }
    int urlExpiry = settings.positiveInt("reelroute.upload.url-expiry-seconds");
    if (urlExpiry > 900) {
      throw new SettingsException(
          "reelroute.upload.url-expiry-seconds", "must be at most 900 (15 minutes)");
    }
    int downloadExpiry = settings.positiveInt("reelroute.catalog.download-url-expiry-seconds");
    if (downloadExpiry > 3600) {
      throw new SettingsException(
          "reelroute.catalog.download-url-expiry-seconds", "must be at most 3600 (1 hour)");
    }
    int pageSize = settings.positiveInt("reelroute.catalog.page-size");
    int maxPage = settings.positiveInt("reelroute.catalog.max-page-size");
    if (maxPage > 100 || pageSize > maxPage) {
      throw new SettingsException(
          "reelroute.catalog.page-size",
          "must not exceed reelroute.catalog.max-page-size, which must be at most 100");
    }
    int cacheMs = settings.integer("reelroute.catalog.cache-ttl-ms");
    if (cacheMs < 0 || cacheMs > 60_000) {
      throw new SettingsException("reelroute.catalog.cache-ttl-ms", "must be 0 to 60000");
    }
    List<String> types =
        Arrays.stream(settings.get("reelroute.upload.allowed-types").split(","))
            .map(t -> t.strip().toLowerCase(Locale.ROOT))
            .filter(t -> !t.isEmpty())
            .toList();
    if (types.isEmpty()) {
      throw new SettingsException("reelroute.upload.allowed-types", "must list at least one type");
    }
    return new CatalogSettings(
        settings.get("reelroute.s3.bucket"),
        singleMax,
        max,
        types,
        Duration.ofSeconds(urlExpiry),
        partSize,
        Duration.ofMinutes(settings.positiveInt("reelroute.upload.expire-after-minutes")),
        pageSize,
        maxPage,
        Duration.ofSeconds(downloadExpiry),
        Duration.ofMillis(cacheMs));
  }

  /** Whether a (validated, lower-case) media type is one we accept. */
  public boolean allows(String contentType) {
    String type = contentType.toLowerCase(Locale.ROOT);
    for (String allowed : allowedTypes) {
      if (allowed.endsWith("/*")
          ? type.startsWith(allowed.substring(0, allowed.length() - 1))
          : type.equals(allowed)) {
        return true;
      }
    }
    return false;
  }

  /** The part size for a file: the configured one, grown so that no upload needs > 10,000. */
  public long partSizeFor(long sizeBytes) {
    long needed = (sizeBytes + MAX_PARTS - 1) / MAX_PARTS;
    return Math.max(partSizeBytes, needed);
  }

  private static long positiveLong(Settings settings, String key) {
    long value = settings.longValue(key);
    if (value <= 0) {
      throw new SettingsException(key, "must be a positive number, got " + value);
    }
    return value;
  }
}
