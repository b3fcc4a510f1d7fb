package io.reelroute.transcode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;

/**
 * The AWS S3 Event Notification JSON that S3 sends to SQS, both ways: we write it for uploads the
 * upload-events route notices, and read it whether it came from that route or from the bucket's
 * native notification (keys URL-encoded, s3:TestEvent on setup).
 */
public final class S3Events {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** One created object. */
  public record Created(String bucket, String key, long size, String eTag, String eventName) {

    /** The videoKey if this is an upload source, else empty. */
    public Optional<String> videoKey() {
      Matcher matcher = io.reelroute.video.VideoKeys.SOURCE_KEY.matcher(key);
      return matcher.matches() ? Optional.of(matcher.group(1)) : Optional.empty();
    }
  }

  private S3Events() {}

  /** The event S3 would send for a finished upload (Put, or CompleteMultipartUpload). */
  public static String created(
      String region, String bucket, String key, long size, String eTag, Instant time) {
    String bareTag = eTag == null ? "" : eTag.replace("\"", "");
    ObjectNode record = JSON.createObjectNode();
    record.put("eventVersion", "2.1");
    record.put("eventSource", "aws:s3");
    record.put("awsRegion", region);
    record.put("eventTime", time.toString());
    // S3 reports multipart uploads (ETag "md5-parts") as their own event name
    record.put(
        "eventName",
        bareTag.contains("-") ? "ObjectCreated:CompleteMultipartUpload" : "ObjectCreated:Put");
    record.putObject("userIdentity").put("principalId", "reelroute");
    record.putObject("requestParameters").put("sourceIPAddress", "127.0.0.1");
    record.putObject("responseElements").put("x-amz-request-id", "reelroute-upload-events");
    ObjectNode s3 = record.putObject("s3");
    s3.put("s3SchemaVersion", "1.0");
    s3.put("configurationId", "reelroute-upload-events");
    ObjectNode bucketNode = s3.putObject("bucket");
    bucketNode.put("name", bucket);
    bucketNode.putObject("ownerIdentity").put("principalId", "reelroute");
    bucketNode.put("arn", "arn:aws:s3:::" + bucket);
    ObjectNode object = s3.putObject("object");
    object.put("key", URLEncoder.encode(key, StandardCharsets.UTF_8).replace("%2F", "/"));
    object.put("size", size);
    object.put("eTag", bareTag);
    object.put("sequencer", Long.toHexString(time.toEpochMilli()).toUpperCase());
    ObjectNode root = JSON.createObjectNode();
    ArrayNode records = root.putArray("Records");
    records.add(record);
    return root.toString();
  }

  /**
   * The created objects in a message. A test event, another event kind or a body that is not an S3
   * event gives an empty list (the message is then dropped).
   */
  public static List<Created> parse(String body) {
    List<Created> created = new ArrayList<>();
    JsonNode root;
    try {
      root = JSON.readTree(body == null ? "" : body);
    } catch (IOException e) {
      return created;
    }
    if (root == null || !root.isObject() || "s3:TestEvent".equals(root.path("Event").asText())) {
      return created;
    }
    for (JsonNode record : root.path("Records")) {
      if (!record.path("eventName").asText("").startsWith("ObjectCreated:")) {
        continue;
      }
      JsonNode s3 = record.path("s3");
      String key = s3.path("object").path("key").asText("");
      if (key.isEmpty()) {
        continue;
      }
      created.add(
          new Created(
              s3.path("bucket").path("name").asText(""),
              URLDecoder.decode(key, StandardCharsets.UTF_8),
              s3.path("object").path("size").asLong(-1),
              s3.path("object").path("eTag").asText(""),
              record.path("eventName").asText()));
    }
    return created;
  }
}
