package io.reelroute.catalog;

import io.reelroute.common.ApiException;
import io.reelroute.common.Json;
import io.reelroute.video.VideoKeys;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Metadata, listings, search, visibility and deletion of videos. Hot public reads (catalog pages, a
 * video's public view with its presigned URLs) are served from a short-lived cache.
 */
public final class CatalogService {

  /** One page of a listing: the JSON array and the cursor of the next page (null at the end). */
  public record Page(String json, String nextCursor) {}

  private static final Set<String> METADATA_FIELDS =
      Set.of("videoKey", "displayName", "description", "visibility");
  private static final Set<String> PATCH_FIELDS =
      Set.of("displayName", "description", "visibility");

  private final CatalogSettings settings;
  private final CatalogStore store;
  private final Storage storage;
  private final TtlCache<String, Page> pages;
  private final TtlCache<String, Video> videos;
  private final TtlCache<String, String> publicViews;

  /** Presigned URLs of READY videos, reused for a fraction of their lifetime (signing is CPU). */
  private final TtlCache<String, Urls> urls;

  private record Urls(String thumbnail, String poster, String download, Instant expiresAt) {}

  public CatalogService(CatalogSettings settings, CatalogStore store, Storage storage) {
    this.settings = settings;
    this.store = store;
    this.storage = storage;
    this.pages = new TtlCache<>(settings.cacheTtl(), 10_000);
    this.videos = new TtlCache<>(settings.cacheTtl(), 50_000);
    this.publicViews = new TtlCache<>(settings.cacheTtl(), 50_000);
    this.urls = new TtlCache<>(settings.downloadUrlExpiry().dividedBy(4), 100_000);
  }

  /** The caches by metric name (observe.CacheMetrics). */
  public java.util.Map<String, com.github.benmanes.caffeine.cache.Cache<?, ?>> caches() {
    return java.util.Map.of(
        "catalog.pages", pages.cache(),
        "catalog.videos", videos.cache(),
        "catalog.public-views", publicViews.cache(),
        "catalog.urls", urls.cache());
  }

  // --- reads -----------------------------------------------------------------------------------

  /** GET /api/videos: public READY videos, newest first, optionally matching a search text. */
  public Page listPublic(String q, String cursor, String limit) throws SQLException {
    int size = Input.limit(limit, settings.defaultPageSize(), settings.maxPageSize());
    String query = q == null ? null : Input.query(q);
    Cursor after = Cursor.decode(cursor);
    String cacheKey = (query == null ? "" : query) + '\u0000' + cursor + '\u0000' + size;
    return pages.<SQLException>get(
        cacheKey,
        () -> {
          String match = null;
          if (query != null && !query.isEmpty()) {
            match = SearchText.fullText(query);
            if (match == null) {
              return new Page("[]", null); // nothing searchable in the text: nothing matches
            }
          }
          return page(store.listPublic(match, after, size + 1), size, this::listItem);
        });
  }

  /** GET /api/me/videos: the caller's videos in every state. */
  public Page listMine(Owner owner, String cursor, String limit) throws SQLException {
    int size = Input.limit(limit, settings.defaultPageSize(), settings.maxPageSize());
    List<Video> rows = store.listOwned(owner.id(), Cursor.decode(cursor), size + 1);
    return page(rows, size, this::mineItem);
  }

  /** The channel page's videos (social): one user's public READY videos, newest first. */
  public Page listChannel(long ownerId, String cursor, String limit) throws SQLException {
    int size = Input.limit(limit, settings.defaultPageSize(), settings.maxPageSize());
    List<Video> rows = store.listChannel(ownerId, Cursor.decode(cursor), size + 1);
    return page(rows, size, this::listItem);
  }

  /**
   * GET /api/me/subscriptions/videos: the followed channels' public videos, most recently published
   * first.
   */
  public Page listFeed(long subscriberId, String cursor, String limit) throws SQLException {
    int size = Input.limit(limit, settings.defaultPageSize(), settings.maxPageSize());
    List<Video> rows = store.listFeed(subscriberId, Cursor.decode(cursor), size + 1);
    return page(rows, size, this::listItem, Video::publishedCursor);
  }

  /** The listing item of each of these videos that exists (playlists), by key. */
  public Map<String, Map<String, Object>> items(List<String> videoKeys) throws SQLException {
    Map<String, Map<String, Object>> items = new LinkedHashMap<>();
    for (String key : videoKeys) {
      Video video = videos.<SQLException>get(key, () -> store.find(key).orElse(null));
      if (video != null) {
        items.put(key, video.ready() ? listItem(video) : mineItem(video));
      }
    }
    return items;
  }

  /** GET /api/videos/{videoKey}: 404 for unknown keys and other users' private videos. */
  public String view(Owner caller, String videoKey) throws SQLException {
    Input.videoKey(videoKey);
    Video video = videos.<SQLException>get(videoKey, () -> store.find(videoKey).orElse(null));
    if (video == null) {
      throw gone();
    }
    if (caller != null && caller.id() == video.ownerId()) {
      // owners see the live state (progress) and their own fields: never cached
      return Json.write(ownerView(store.find(videoKey).orElseThrow(CatalogService::gone)));
    }
    if (!video.visibleTo(null)) {
      if (caller != null && video.visibleTo(caller.id(), caller.reviewer())) {
        return reviewerView(caller, videoKey);
      }
      throw gone();
    }
    String json = publicViews.get(videoKey);
    if (json == null) {
      json = Json.write(detail(video, false));
      publicViews.put(videoKey, json);
    }
    return json;
  }

  /**
   * A moderator's or admin's view of a taken-down video (to review it, decide its appeal): the
   * public detail and the takedown {reason, at} the owner sees; from the row, never cached.
   */
  private String reviewerView(Owner reviewer, String videoKey) throws SQLException {
    Video video = store.find(videoKey).orElseThrow(CatalogService::gone);
    if (!video.visibleTo(reviewer.id(), reviewer.reviewer())) {
      throw gone();
    }
    Map<String, Object> d = detail(video, false);
    d.put("takedown", takedown(video));
    return Json.write(d);
  }

  /** The owner's view of one of their videos (after an upload or edit). */
  public Map<String, Object> ownerView(Owner owner, String videoKey) throws SQLException {
    return ownerView(owned(owner, videoKey));
  }

  private Map<String, Object> ownerView(Video video) {
    return detail(video, true);
  }

  // --- writes ----------------------------------------------------------------------------------

  /** POST /api/metadata {videoKey, displayName, description, visibility} (the seed's endpoint). */
  public Map<String, Object> metadata(Owner owner, String body) throws SQLException {
    Input in = Input.parse(body, METADATA_FIELDS);
    String videoKey = Input.videoKey(in.text("videoKey", true));
    return edit(owner, videoKey, in);
  }

  /** PATCH /api/videos/{videoKey} {displayName?, description?, visibility?}. */
  public Map<String, Object> patch(Owner owner, String videoKey, String body) throws SQLException {
    Input.videoKey(videoKey);
    return edit(owner, videoKey, Input.parse(body, PATCH_FIELDS));
  }

  private Map<String, Object> edit(Owner owner, String videoKey, Input in) throws SQLException {
    String title =
        in.has("displayName") ? Input.title("displayName", in.text("displayName", false)) : null;
    String description =
        in.has("description")
            ? Input.description("description", in.text("description", false))
            : null;
    String visibility =
        in.has("visibility") ? Input.visibility("visibility", in.text("visibility", false)) : null;
    if (title == null && description == null && visibility == null) {
      throw ApiException.invalidField(
          "displayName", "Give at least one of displayName, description or visibility");
    }
    owned(owner, videoKey);
    if (!store.update(
        videoKey, owner.id(), new CatalogStore.Edit(title, description, visibility))) {
      throw gone();
    }
    invalidate(videoKey);
    return ownerView(owner, videoKey);
  }

  /** DELETE /api/videos/{videoKey}: the row and every object of the video; idempotent. */
  public void delete(Owner owner, String videoKey) throws SQLException {
    Input.videoKey(videoKey);
    Optional<Video> found = store.find(videoKey);
    if (found.isEmpty()) {
      return; // already gone
    }
    Video video = ownedBy(owner, found.get());
    if (video.uploadId() != null) {
      storage.abort(video.sourceKey(), video.uploadId());
    }
    storage.deletePrefix(VideoKeys.uploadPrefix(videoKey));
    storage.deletePrefix(VideoKeys.outputPrefix(videoKey));
    store.delete(videoKey, owner.id());
    invalidate(videoKey);
    // a worker may have written outputs between the two deletes: sweep once more
    storage.deletePrefix(VideoKeys.outputPrefix(videoKey));
  }

  /** Account deletion: every video of the owner, with all its objects (each as DELETE does). */
  public int deleteAll(Owner owner) throws SQLException {
    List<String> keys = store.keysOf(owner.id());
    for (String videoKey : keys) {
      delete(owner, videoKey);
    }
    return keys.size();
  }

  // --- ownership -------------------------------------------------------------------------------

  /** The caller's video, or 404 (unknown or not visible to them) or 403 (someone else's). */
  public Video owned(Owner owner, String videoKey) throws SQLException {
    Input.videoKey(videoKey);
    return ownedBy(owner, store.find(videoKey).orElseThrow(CatalogService::gone));
  }

  Video ownedBy(Owner owner, Video video) {
    if (video.ownerId() == owner.id()) {
      return video;
    }
    if (!video.visibleTo(owner.id())) {
      throw gone();
    }
    throw new ApiException(
        403, "not-owner", "Only the owner may change this video", "videoKey", null);
  }

  /** Forgets cached views after a change made by this process. */
  public void invalidate(String videoKey) {
    videos.remove(videoKey);
    urls.remove(videoKey);
    publicViews.remove(videoKey);
    pages.clear();
  }

  // --- rendering -------------------------------------------------------------------------------

  private interface Render {
    Map<String, Object> item(Video video);
  }

  private static Page page(List<Video> rows, int size, Render render) {
    return page(rows, size, render, Video::cursor);
  }

  private static Page page(
      List<Video> rows, int size, Render render, Function<Video, Cursor> position) {
    boolean more = rows.size() > size;
    List<Video> shown = more ? rows.subList(0, size) : rows;
    List<Map<String, Object>> items = new ArrayList<>(shown.size());
    for (Video video : shown) {
      items.add(render.item(video));
    }
    String next = more ? position.apply(shown.get(shown.size() - 1)).encode() : null;
    return new Page(Json.write(items), next);
  }

  private Map<String, Object> listItem(Video v) {
    Map<String, Object> item = new LinkedHashMap<>();
    item.put("videoKey", v.videoKey());
    item.put("displayName", v.displayName());
    item.put("description", SearchText.excerpt(v.description()));
    item.put("ownerName", v.ownerName());
    item.put("uploadTime", time(v));
    item.put("durationSeconds", v.durationSeconds());
    item.put("thumbnailUrl", urls(v).thumbnail());
    counts(item, v);
    return item;
  }

  /** The social counters (issue 8) and the owner's channel handle. */
  private static void counts(Map<String, Object> item, Video v) {
    item.put("ownerHandle", v.ownerHandle());
    item.put("views", v.views());
    item.put("likes", v.likes());
    item.put("dislikes", v.dislikes());
    item.put("comments", v.comments());
  }

  private Map<String, Object> mineItem(Video v) {
    Map<String, Object> item = new LinkedHashMap<>();
    item.put("videoKey", v.videoKey());
    item.put("displayName", v.displayName());
    item.put("description", SearchText.excerpt(v.description()));
    item.put("visibility", v.visibility().toLowerCase(Locale.ROOT));
    item.put("state", v.state());
    item.put("progressPercent", v.progressPercent());
    item.put("failureReason", v.failureReason());
    item.put("uploadTime", time(v));
    item.put("durationSeconds", v.durationSeconds());
    item.put("sizeBytes", v.sizeBytes());
    item.put("isTranscoded", v.isTranscoded());
    item.put("thumbnailUrl", v.ready() ? urls(v).thumbnail() : null);
    item.put("takedown", takedown(v));
    counts(item, v);
    return item;
  }

  /** A moderator's takedown as its owner sees it (issue 15), or null. */
  private static Map<String, Object> takedown(Video v) {
    if (v.takenDownAt() == null) {
      return null;
    }
    Map<String, Object> t = new LinkedHashMap<>();
    t.put("reason", v.takedownReason());
    t.put("at", v.takenDownAt().toInstant(ZoneOffset.UTC).toString());
    return t;
  }

  private Map<String, Object> detail(Video v, boolean owner) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("videoKey", v.videoKey());
    d.put("displayName", v.displayName());
    d.put("description", v.description());
    d.put("visibility", v.visibility().toLowerCase(Locale.ROOT));
    d.put("state", v.state());
    d.put("progressPercent", v.progressPercent());
    d.put("etaSeconds", v.etaSeconds());
    d.put("failureReason", v.failureReason());
    d.put("ownerName", v.ownerName());
    d.put("uploadTime", time(v));
    d.put("durationSeconds", v.durationSeconds());
    d.put("width", v.width());
    d.put("height", v.height());
    d.put("isTranscoded", v.isTranscoded());
    counts(d, v);
    if (v.ready()) {
      Urls signed = urls(v);
      d.put("thumbnailUrl", signed.thumbnail());
      d.put("posterUrl", signed.poster());
      d.put("downloadUrl", signed.download());
      d.put("urlsExpireAt", signed.expiresAt().toString());
    }
    if (owner) {
      d.put("isOwner", true);
      d.put("email", v.email());
      d.put("fileName", v.fileName());
      d.put("contentType", v.contentType());
      d.put("sizeBytes", v.sizeBytes());
      d.put("takedown", takedown(v));
    }
    return d;
  }

  private Urls urls(Video v) {
    Urls signed = urls.get(v.videoKey());
    if (signed == null) {
      Instant expires = Instant.now().plus(settings.downloadUrlExpiry());
      signed =
          new Urls(url(v, "thumbnail.jpg"), url(v, "poster.jpg"), url(v, "download.mp4"), expires);
      urls.put(v.videoKey(), signed);
    }
    return signed;
  }

  private String url(Video v, String file) {
    return storage.presignGet(
        VideoKeys.outputPrefix(v.videoKey()) + file, settings.downloadUrlExpiry());
  }

  private static String time(Video v) {
    return v.uploadTime().toInstant(ZoneOffset.UTC).toString();
  }

  private static ApiException gone() {
    // the same answer for unknown keys and for videos the caller may not see
    return new ApiException(404, "not-found", "No such video", "videoKey", null);
  }
}
