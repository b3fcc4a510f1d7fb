package io.reelroute.catalog;

import io.reelroute.common.ApiException;
import io.reelroute.video.VideoKeys;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Direct uploads: the API creates the row and hands out presigned URLs; the bytes go from the
 * browser to S3. Small files get one PUT bound to key, type and length; large ones (or on request)
 * a multipart upload whose part URLs can be fetched again at any time, so an upload resumes after a
 * dropped connection or a reload.
 */
public final class UploadService {

  private static final Logger LOG = LoggerFactory.getLogger(UploadService.class);
  static final int MAX_URLS_PER_REQUEST = 100;
  private static final Set<String> CREATE_FIELDS =
      Set.of(
          "fileName",
          "contentType",
          "sizeBytes",
          "multipart",
          "displayName",
          "description",
          "visibility");
  private static final Set<String> PARTS_FIELDS = Set.of("partNumbers");
  private static final Set<String> COMPLETE_FIELDS = Set.of("parts");
  private static final Set<String> PART_FIELDS = Set.of("partNumber", "etag");

  private final CatalogSettings settings;
  private final CatalogStore store;
  private final Storage storage;
  private final CatalogService catalog;
  private final UploadQuotas quotas;

  public UploadService(
      CatalogSettings settings,
      CatalogStore store,
      Storage storage,
      CatalogService catalog,
      UploadQuotas quotas) {
    this.settings = settings;
    this.store = store;
    this.storage = storage;
    this.catalog = catalog;
    this.quotas = quotas;
  }

  /** POST /api/upload → the new video's key and how to upload its bytes. */
  public Map<String, Object> create(Owner owner, String body) throws SQLException {
    Input in = Input.parse(body, CREATE_FIELDS);
    String fileName = Input.fileName("fileName", in.text("fileName", true));
    String contentType = Input.mediaType("contentType", in.text("contentType", true));
    long size = in.integer("sizeBytes", true);
    if (size < 1) {
      throw ApiException.invalidField("sizeBytes", "sizeBytes must be at least 1");
    }
    Boolean multipartAsked = in.bool("multipart");
    String title =
        in.has("displayName")
            ? Input.title("displayName", in.text("displayName", false))
            : defaultTitle(fileName);
    String description =
        in.has("description")
            ? Input.description("description", in.text("description", false))
            : null;
    String visibility =
        in.has("visibility")
            ? Input.visibility("visibility", in.text("visibility", false))
            : "PUBLIC";
    if (!settings.allows(contentType)) {
      throw new ApiException(
          415,
          "unsupported-type",
          "Videos of type "
              + contentType
              + " are not accepted; allowed: "
              + String.join(", ", settings.allowedTypes()),
          "contentType",
          null);
    }
    if (size > settings.maxBytes()) {
      throw new ApiException(
          413,
          "too-large",
          "Videos may be at most " + settings.maxBytes() + " bytes",
          "sizeBytes",
          null);
    }
    boolean multipart = Boolean.TRUE.equals(multipartAsked) || size > settings.singlePutMaxBytes();
    Long partSize = multipart ? settings.partSizeFor(size) : null;
    // Quotas first, then the key (drawn again on a collision) and, for parts, the S3 upload that
    // the row names; every S3 upload begun but not kept is aborted.
    Map<String, String> begun = new LinkedHashMap<>();
    String key = null;
    try {
      key =
          quotas.reserve(
              owner,
              size,
              c -> {
                for (int attempt = 0; attempt < 5; attempt++) {
                  String drawn = VideoKeys.generate();
                  String uploadId = null;
                  if (multipart) {
                    uploadId = storage.createMultipart(VideoKeys.sourceKey(drawn), contentType);
                    begun.put(drawn, uploadId);
                  }
                  var row =
                      new CatalogStore.NewVideo(
                          drawn,
                          title,
                          description,
                          visibility,
                          owner.id(),
                          owner.email(),
                          size,
                          fileName,
                          contentType,
                          VideoKeys.sourceKey(drawn),
                          uploadId,
                          partSize);
                  if (store.insert(c, row)) {
                    return drawn;
                  }
                }
                throw new IllegalStateException("no free video key after 5 attempts");
              });
    } finally {
      for (var upload : begun.entrySet()) {
        if (!upload.getKey().equals(key)) {
          storage.abort(VideoKeys.sourceKey(upload.getKey()), upload.getValue());
        }
      }
    }
    Map<String, Object> upload = new LinkedHashMap<>();
    if (!multipart) {
      Storage.Presigned put =
          storage.presignPut(
              VideoKeys.sourceKey(key), contentType, size, settings.uploadUrlExpiry());
      upload.put("type", "single");
      upload.put("method", put.method());
      upload.put("url", put.url());
      upload.put("headers", put.headers());
      upload.put("expiresAt", put.expiresAt().toString());
      return created(key, upload);
    }
    Video video = store.find(key).orElseThrow();
    List<Integer> first = new ArrayList<>();
    for (int n = 1; n <= Math.min(video.partCount(), MAX_URLS_PER_REQUEST); n++) {
      first.add(n);
    }
    upload.put("type", "multipart");
    upload.put("partSizeBytes", partSize);
    upload.put("partCount", video.partCount());
    upload.putAll(partUrls(video, first));
    upload.put("partsUrl", "/api/upload/" + key + "/parts");
    upload.put("completeUrl", "/api/upload/" + key + "/complete");
    return created(key, upload);
  }

  /** POST /api/upload/{videoKey}/parts → fresh URLs for the asked (or all missing) parts. */
  public Map<String, Object> parts(Owner owner, String videoKey, String body) throws SQLException {
    Input in =
        body == null || body.isBlank()
            ? Input.parse("{}", PARTS_FIELDS)
            : Input.parse(body, PARTS_FIELDS);
    Video video = openMultipart(owner, videoKey);
    List<Storage.Part> uploaded = storage.listParts(video.sourceKey(), video.uploadId());
    List<Integer> wanted = new ArrayList<>();
    if (in.has("partNumbers")) {
      var node = in.node("partNumbers");
      if (!node.isArray() || node.isEmpty() || node.size() > MAX_URLS_PER_REQUEST) {
        throw ApiException.invalidField(
            "partNumbers",
            "partNumbers must be a list of 1 to " + MAX_URLS_PER_REQUEST + " numbers");
      }
      Set<Integer> seen = new TreeSet<>();
      for (var n : node) {
        if (!n.isIntegralNumber()
            || !n.canConvertToInt()
            || n.intValue() < 1
            || n.intValue() > video.partCount()) {
          throw ApiException.invalidField(
              "partNumbers", "part numbers must be whole numbers from 1 to " + video.partCount());
        }
        if (!seen.add(n.intValue())) {
          throw ApiException.invalidField("partNumbers", "part numbers must not repeat");
        }
      }
      wanted.addAll(seen);
    } else {
      Set<Integer> have = new TreeSet<>();
      uploaded.forEach(p -> have.add(p.partNumber()));
      for (int n = 1; n <= video.partCount() && wanted.size() < MAX_URLS_PER_REQUEST; n++) {
        if (!have.contains(n)) {
          wanted.add(n);
        }
      }
    }
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("videoKey", videoKey);
    answer.put("partSizeBytes", video.partSizeBytes());
    answer.put("partCount", video.partCount());
    answer.putAll(partUrls(video, wanted));
    answer.put(
        "uploadedParts",
        uploaded.stream()
            .map(
                p ->
                    Map.<String, Object>of(
                        "partNumber", p.partNumber(), "etag", p.etag(), "sizeBytes", p.sizeBytes()))
            .toList());
    return answer;
  }

  /**
   * POST /api/upload/{videoKey}/complete. Multipart: every part 1..n with its ETag, in order; S3
   * joins them. Single PUT: checks that the object arrived with the declared size.
   */
  public Map<String, Object> complete(Owner owner, String videoKey, String body)
      throws SQLException {
    Video video = catalog.owned(owner, videoKey);
    if ("EXPIRED".equals(video.state())) {
      throw ApiException.conflict(
          "upload-expired", "This upload expired; start a new one with POST /api/upload");
    }
    if (video.uploadId() == null) {
      // a single PUT, or a multipart upload already joined (a retried complete): confirm only
      if (body != null && !body.isBlank()) {
        Input.parse(body, COMPLETE_FIELDS);
      }
      if (!video.awaitingUpload()) {
        return catalog.ownerView(owner, videoKey); // the upload-events flow already took it
      }
      long size =
          storage
              .size(video.sourceKey())
              .orElseThrow(
                  () ->
                      ApiException.conflict(
                          "upload-missing", "The file has not arrived in storage yet"));
      if (size != video.sizeBytes()) {
        throw ApiException.conflict("size-mismatch", "The stored file has the wrong size");
      }
      return catalog.ownerView(owner, videoKey);
    }
    Input in = Input.parse(body, COMPLETE_FIELDS);
    if (!in.has("parts") || !in.node("parts").isArray()) {
      throw ApiException.invalidField("parts", "parts must be a list of {partNumber, etag}");
    }
    var node = in.node("parts");
    if (node.size() != video.partCount()) {
      throw ApiException.invalidField(
          "parts", "parts must list all " + video.partCount() + " parts, in order");
    }
    List<Storage.Part> parts = new ArrayList<>();
    int expected = 1;
    for (var item : node) {
      if (!item.isObject()) {
        throw ApiException.invalidField("parts", "each part must be an object {partNumber, etag}");
      }
      Input part;
      try {
        part = Input.parse(item.toString(), PART_FIELDS);
      } catch (ApiException e) {
        throw ApiException.invalidField("parts", "each part has only partNumber and etag");
      }
      Long number = part.integer("partNumber", true);
      if (number != expected) {
        throw ApiException.invalidField(
            "parts", "parts must be numbered 1.." + video.partCount() + " in order");
      }
      String etag = Input.etag("parts", part.text("etag", true));
      parts.add(new Storage.Part(expected, etag, 0));
      expected++;
    }
    try {
      storage.complete(video.sourceKey(), video.uploadId(), parts);
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        throw ApiException.conflict("upload-gone", "The multipart upload no longer exists");
      }
      if (e.statusCode() >= 400 && e.statusCode() < 500) {
        LOG.info("Completing {} refused by S3: {}", videoKey, e.awsErrorDetails().errorMessage());
        throw new ApiException(
            400,
            "upload-incomplete",
            "Storage refused the parts: some are missing or their ETags do not match",
            "parts",
            null);
      }
      throw e;
    }
    store.clearUploadId(videoKey);
    long stored = storage.size(video.sourceKey()).orElse(-1L);
    if (stored != video.sizeBytes()) {
      storage.delete(video.sourceKey());
      throw ApiException.conflict(
          "size-mismatch", "The joined file has " + stored + " bytes, not " + video.sizeBytes());
    }
    catalog.invalidate(videoKey);
    return catalog.ownerView(owner, videoKey);
  }

  /** DELETE /api/upload/{videoKey}: cancels an upload that has not finished; idempotent. */
  public void abort(Owner owner, String videoKey) throws SQLException {
    Input.videoKey(videoKey);
    var found = store.find(videoKey);
    if (found.isEmpty()) {
      return;
    }
    Video video = catalog.ownedBy(owner, found.get());
    if (!video.awaitingUpload()
        || (video.uploadId() == null && storage.size(video.sourceKey()).isPresent())) {
      throw ApiException.conflict(
          "upload-finished",
          "The upload is complete; delete the video with DELETE /api/videos/" + videoKey);
    }
    if (video.uploadId() != null) {
      storage.abort(video.sourceKey(), video.uploadId());
    }
    storage.deletePrefix(VideoKeys.uploadPrefix(videoKey));
    store.delete(videoKey, owner.id());
    catalog.invalidate(videoKey);
  }

  private Video openMultipart(Owner owner, String videoKey) throws SQLException {
    Video video = catalog.owned(owner, videoKey);
    if (!video.awaitingUpload() || video.uploadId() == null) {
      throw ApiException.conflict(
          "not-multipart",
          video.awaitingUpload()
              ? "This video is uploaded with a single PUT, not in parts"
              : "This video's upload is already complete (state " + video.state() + ")");
    }
    return video;
  }

  private Map<String, Object> partUrls(Video video, List<Integer> numbers) {
    List<Map<String, Object>> urls = new ArrayList<>();
    String expiresAt = null;
    for (int n : numbers) {
      long length = video.partLength(n);
      Storage.Presigned put =
          storage.presignPart(
              video.sourceKey(), video.uploadId(), n, length, settings.uploadUrlExpiry());
      Map<String, Object> part = new LinkedHashMap<>();
      part.put("partNumber", n);
      part.put("sizeBytes", length);
      part.put("url", put.url());
      urls.add(part);
      expiresAt = put.expiresAt().toString();
    }
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("parts", urls);
    if (expiresAt != null) {
      answer.put("expiresAt", expiresAt);
    }
    return answer;
  }

  private static Map<String, Object> created(String key, Map<String, Object> upload) {
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("videoKey", key);
    answer.put("state", "AWAITING_UPLOAD");
    answer.put("upload", upload);
    return answer;
  }

  /** The file name without its extension, as the first title. */
  static String defaultTitle(String fileName) {
    int dot = fileName.lastIndexOf('.');
    String base = dot > 0 ? fileName.substring(0, dot) : fileName;
    base = base.strip();
    if (base.isEmpty()) {
      base = fileName;
    }
    return base.codePointCount(0, base.length()) > Input.MAX_TITLE
        ? base.substring(0, base.offsetByCodePoints(0, Input.MAX_TITLE))
        : base;
  }
}
