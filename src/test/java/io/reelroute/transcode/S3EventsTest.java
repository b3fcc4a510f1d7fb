package io.reelroute.transcode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class S3EventsTest {

  @Test
  void roundTripOfAPutAndAMultipartCompletion() {
    String put =
        S3Events.created(
            "us-east-1", "reelroute", "uploads/abcdefghijk/source", 42, "\"d41d8\"", Instant.EPOCH);
    assertTrue(put.contains("\"eventSource\":\"aws:s3\""), put);
    assertTrue(put.contains("\"eventName\":\"ObjectCreated:Put\""), put);
    List<S3Events.Created> parsed = S3Events.parse(put);
    assertEquals(1, parsed.size());
    assertEquals("uploads/abcdefghijk/source", parsed.get(0).key());
    assertEquals(42, parsed.get(0).size());
    assertEquals("d41d8", parsed.get(0).eTag());
    assertEquals(Optional.of("abcdefghijk"), parsed.get(0).videoKey());

    String multipart =
        S3Events.created(
            "us-east-1",
            "reelroute",
            "uploads/abcdefghijk/source",
            42,
            "\"d41d8-3\"",
            Instant.EPOCH);
    assertEquals(
        "ObjectCreated:CompleteMultipartUpload", S3Events.parse(multipart).get(0).eventName());
  }

  @Test
  void testEventsOtherEventsAndOtherKeysGiveNothingToDo() {
    assertEquals(
        List.of(),
        S3Events.parse(
            "{\"Service\":\"Amazon S3\",\"Event\":\"s3:TestEvent\",\"Bucket\":\"reelroute\"}"));
    assertEquals(List.of(), S3Events.parse("not json"));
    assertEquals(List.of(), S3Events.parse(null));
    assertEquals(
        List.of(),
        S3Events.parse(
            "{\"Records\":[{\"eventName\":\"ObjectRemoved:Delete\",\"s3\":{\"bucket\":{\"name\":\"b\"},"
                + "\"object\":{\"key\":\"uploads/abcdefghijk/source\"}}}]}"));
    String other =
        S3Events.created(
            "us-east-1", "reelroute", "videos/abcdefghijk/x.jpg", 1, "e", Instant.EPOCH);
    assertEquals(Optional.empty(), S3Events.parse(other).get(0).videoKey());
    String nested =
        S3Events.created(
            "us-east-1", "reelroute", "uploads/abcdefghijk/source/extra", 1, "e", Instant.EPOCH);
    assertEquals(Optional.empty(), S3Events.parse(nested).get(0).videoKey());
  }

  @Test
  void nativeS3KeysAreUrlDecoded() {
    String body =
        "{\"Records\":[{\"eventName\":\"ObjectCreated:Put\",\"s3\":{\"bucket\":{\"name\":\"b\"},"
            + "\"object\":{\"key\":\"uploads/a%2Bb+c/source\",\"size\":1,\"eTag\":\"x\"}}}]}";
    assertEquals("uploads/a+b c/source", S3Events.parse(body).get(0).key());
  }
}
