package io.reelroute.catalog;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.presigner.model.PresignedPutObjectRequest;

/**
 * The bucket as the catalog uses it: presigned URLs for browsers (bytes never pass through the
 * API), multipart bookkeeping and prefix deletes.
 */
public final class Storage {

  /** A presigned request a browser makes as is: method, URL and the headers that were signed. */
  public record Presigned(
      String method, String url, Map<String, String> headers, Instant expiresAt) {}

  /** A part S3 already holds. */
  public record Part(int partNumber, String etag, long sizeBytes) {}

  private final S3Client s3;
  private final S3Presigner presigner;
  private final String bucket;

  public Storage(S3Client s3, S3Presigner presigner, String bucket) {
    this.s3 = s3;
    this.presigner = presigner;
    this.bucket = bucket;
  }

  /** A PUT bound to this key, content type and exact length (all three are signed). */
  public Presigned presignPut(String key, String contentType, long length, Duration expiry) {
    PresignedPutObjectRequest request =
        presigner.presignPutObject(
            p ->
                p.signatureDuration(expiry)
                    .putObjectRequest(
                        r ->
                            r.bucket(bucket)
                                .key(key)
                                .contentType(contentType)
                                .contentLength(length)));
    return new Presigned(
        "PUT",
        request.url().toString(),
        Map.of("Content-Type", contentType, "Content-Length", Long.toString(length)),
        request.expiration());
  }

  public String createMultipart(String key, String contentType) {
    return s3.createMultipartUpload(r -> r.bucket(bucket).key(key).contentType(contentType))
        .uploadId();
  }

  /** A PUT of one part, bound to its exact length. */
  public Presigned presignPart(
      String key, String uploadId, int partNumber, long length, Duration expiry) {
    var request =
        presigner.presignUploadPart(
            p ->
                p.signatureDuration(expiry)
                    .uploadPartRequest(
                        r ->
                            r.bucket(bucket)
                                .key(key)
                                .uploadId(uploadId)
                                .partNumber(partNumber)
                                .contentLength(length)));
    return new Presigned(
        "PUT",
        request.url().toString(),
        Map.of("Content-Length", Long.toString(length)),
        request.expiration());
  }

  /** The parts S3 holds for an open multipart upload; empty when the upload is unknown. */
  public List<Part> listParts(String key, String uploadId) {
    List<Part> parts = new ArrayList<>();
    try {
      Integer marker = null;
      while (true) {
        Integer from = marker;
        var response =
            s3.listParts(
                r -> {
                  r.bucket(bucket).key(key).uploadId(uploadId);
                  if (from != null) {
                    r.partNumberMarker(from);
                  }
                });
        response.parts().forEach(p -> parts.add(new Part(p.partNumber(), p.eTag(), p.size())));
        if (!Boolean.TRUE.equals(response.isTruncated())
            || response.nextPartNumberMarker() == null) {
          return parts;
        }
        marker = response.nextPartNumberMarker();
      }
    } catch (NoSuchUploadException e) {
      return List.of();
    }
  }

  public void complete(String key, String uploadId, List<Part> parts) {
    List<CompletedPart> completed =
        parts.stream()
            .map(p -> CompletedPart.builder().partNumber(p.partNumber()).eTag(p.etag()).build())
            .toList();
    s3.completeMultipartUpload(
        r -> r.bucket(bucket).key(key).uploadId(uploadId).multipartUpload(m -> m.parts(completed)));
  }

  /** Aborts an upload; one that is already gone is fine. */
  public void abort(String key, String uploadId) {
    try {
      s3.abortMultipartUpload(r -> r.bucket(bucket).key(key).uploadId(uploadId));
    } catch (NoSuchUploadException e) {
      // already completed or aborted
    } catch (S3Exception e) {
      if (e.statusCode() != 404) {
        throw e;
      }
    }
  }

  /** Aborts every open multipart upload under a prefix (ones we may have lost track of). */
  public void abortAll(String prefix) {
    List<MultipartUpload> uploads =
        s3.listMultipartUploads(r -> r.bucket(bucket).prefix(prefix)).uploads();
    for (MultipartUpload upload : uploads) {
      abort(upload.key(), upload.uploadId());
    }
  }

  /** The object's size, or empty when it does not exist. */
  public Optional<Long> size(String key) {
    try {
      return Optional.of(s3.headObject(r -> r.bucket(bucket).key(key)).contentLength());
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** Deletes every object under a prefix; returns how many. */
  public int deletePrefix(String prefix) {
    int deleted = 0;
    for (int round = 0; round < 10_000; round++) {
      ListObjectsV2Response page = s3.listObjectsV2(r -> r.bucket(bucket).prefix(prefix));
      if (page.contents().isEmpty()) {
        return deleted;
      }
      List<ObjectIdentifier> ids =
          page.contents().stream()
              .map(o -> ObjectIdentifier.builder().key(o.key()).build())
              .toList();
      s3.deleteObjects(
          r -> r.bucket(bucket).delete(Delete.builder().objects(ids).quiet(true).build()));
      deleted += ids.size();
    }
    throw new IllegalStateException("objects under " + prefix + " keep appearing");
  }

  public void delete(String key) {
    s3.deleteObject(r -> r.bucket(bucket).key(key));
  }

  /** A GET of one object for a browser. */
  public String presignGet(String key, Duration expiry) {
    return presigner
        .presignGetObject(
            p -> p.signatureDuration(expiry).getObjectRequest(r -> r.bucket(bucket).key(key)))
        .url()
        .toString();
  }

  public String bucket() {
    return bucket;
  }
}
