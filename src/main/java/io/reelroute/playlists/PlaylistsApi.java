package io.reelroute.playlists;

import static io.reelroute.common.Replies.caller;
import static io.reelroute.common.Replies.callerId;
import static io.reelroute.common.Replies.json;

import com.fasterxml.jackson.databind.JsonNode;
import io.reelroute.auth.Caller;
import io.reelroute.auth.Handles;
import io.reelroute.catalog.CatalogService;
import io.reelroute.catalog.Input;
import io.reelroute.common.ApiException;
import io.reelroute.common.Replies;
import io.reelroute.video.VideoKeys;
import io.reelroute.video.VideoState;
import io.reelroute.video.Visibility;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.camel.Exchange;

/**
 * The HTTP side of playlists (routes/playlists.camel.yaml). A playlist is seen with the rule of
 * videos ({@link Visibility}: public and unlisted for anyone, private for the owner alone, unknown
 * and invisible alike 404); only its owner changes it (403 to others who can see it). Its videos
 * are shown to each caller as the catalog would: another user's private video is never listed.
 */
public final class PlaylistsApi {

  static final int MAX_TITLE = 150;
  static final int MAX_DESCRIPTION = 1000;
  private static final Set<String> FIELDS = Set.of("title", "description", "visibility");

  private final PlaylistStore store;
  private final CatalogService catalog;
  private final int maxPlaylists;
  private final int maxVideos;

  PlaylistsApi(PlaylistStore store, CatalogService catalog, int maxPlaylists, int maxVideos) {
    this.store = store;
    this.catalog = catalog;
    this.maxPlaylists = maxPlaylists;
    this.maxVideos = maxVideos;
  }

  /** POST /api/playlists {title, description?, visibility?} → 201. */
  public void create(Exchange exchange) throws SQLException {
    Caller caller = caller(exchange);
    Input in = Input.parse(Replies.body(exchange), FIELDS);
    String title = title(in.text("title", true));
    String description = description(in.text("description", false));
    String visibility = in.has("visibility") ? visibility(in.text("visibility", true)) : "PRIVATE";
    String id = store.create(caller.id(), title, description, visibility, maxPlaylists);
    if (id == null) {
      throw ApiException.conflict(
          "too-many-playlists", "You may have at most " + maxPlaylists + " playlists");
    }
    json(exchange, 201, view(store.find(id).orElseThrow(), caller.id()));
  }

  /** GET /api/playlists/{id}: the playlist and the videos this caller may see. */
  public void get(Exchange exchange) throws SQLException {
    Long callerId = callerId(exchange);
    json(exchange, 200, view(visible(exchange, callerId), callerId));
  }

  /** PATCH /api/playlists/{id} {title?, description?, visibility?}. */
  public void patch(Exchange exchange) throws SQLException {
    Caller caller = caller(exchange);
    PlaylistStore.Playlist playlist = owned(exchange, caller.id());
    Input in = Input.parse(Replies.body(exchange), FIELDS);
    String title = in.has("title") ? title(in.text("title", true)) : null;
    String description = in.has("description") ? description(in.text("description", false)) : null;
    String visibility = in.has("visibility") ? visibility(in.text("visibility", true)) : null;
    if (playlist.watchLater() && (title != null || visibility != null)) {
      throw ApiException.conflict(
          "builtin-playlist", "Watch later keeps its name and stays private");
    }
    store.update(playlist.id(), title, description == null ? null : description, visibility);
    json(exchange, 200, view(store.find(playlist.id()).orElseThrow(), caller.id()));
  }

  /** DELETE /api/playlists/{id} → 204 (Watch later cannot be deleted: 409). */
  public void delete(Exchange exchange) throws SQLException {
    Caller caller = caller(exchange);
    Optional<PlaylistStore.Playlist> found = store.find(id(exchange));
    if (found.isEmpty()) {
      Replies.empty(exchange); // already gone
      return;
    }
    PlaylistStore.Playlist playlist = ownedBy(found.get(), caller.id());
    if (playlist.watchLater()) {
      throw ApiException.conflict("builtin-playlist", "Watch later cannot be deleted");
    }
    store.delete(playlist.id());
    Replies.empty(exchange);
  }

  /** PUT /api/playlists/{id}/videos/{videoKey}: adds the video at the end (idempotent). */
  public void addVideo(Exchange exchange) throws SQLException {
    Caller caller = caller(exchange);
    PlaylistStore.Playlist playlist = owned(exchange, caller.id());
    String videoKey = Input.videoKey(exchange.getIn().getHeader("videoKey", String.class));
    PlaylistStore.Entry entry = store.video(videoKey);
    if (entry == null || !entry.visibleTo(caller.id())) {
      throw new ApiException(404, "not-found", "No such video", "videoKey", null);
    }
    if (!VideoState.READY.name().equals(entry.state())) {
      throw new ApiException(
          409, "video-not-ready", "The video is not ready yet", "videoKey", null);
    }
    if (!store.add(playlist.id(), videoKey, maxVideos)) {
      throw ApiException.conflict(
          "playlist-full", "A playlist holds at most " + maxVideos + " videos");
    }
    json(exchange, 200, view(store.find(playlist.id()).orElseThrow(), caller.id()));
  }

  /** DELETE /api/playlists/{id}/videos/{videoKey} → 204 (idempotent). */
  public void removeVideo(Exchange exchange) throws SQLException {
    Caller caller = caller(exchange);
    PlaylistStore.Playlist playlist = owned(exchange, caller.id());
    String videoKey = Input.videoKey(exchange.getIn().getHeader("videoKey", String.class));
    store.remove(playlist.id(), videoKey);
    Replies.empty(exchange);
  }

  /** PUT /api/playlists/{id}/order {videoKeys: [...]}: every video of the playlist, once. */
  public void reorder(Exchange exchange) throws SQLException {
    Caller caller = caller(exchange);
    PlaylistStore.Playlist playlist = owned(exchange, caller.id());
    Input in = Input.parse(Replies.body(exchange), Set.of("videoKeys"));
    JsonNode keys = in.node("videoKeys");
    if (keys == null || !keys.isArray()) {
      throw ApiException.invalidField("videoKeys", "videoKeys must be a list of video keys");
    }
    List<String> order = new ArrayList<>();
    for (JsonNode key : keys) {
      if (!key.isTextual() || !VideoKeys.isValid(key.asText())) {
        throw ApiException.invalidField("videoKeys", "videoKeys must be a list of video keys");
      }
      order.add(key.asText());
    }
    Set<String> current = new HashSet<>();
    for (PlaylistStore.Entry entry : store.entries(playlist.id())) {
      current.add(entry.videoKey());
    }
    if (order.size() != current.size() || !current.equals(new HashSet<>(order))) {
      throw ApiException.invalidField(
          "videoKeys", "videoKeys must name every video of the playlist exactly once");
    }
    store.reorder(playlist.id(), order);
    json(exchange, 200, view(store.find(playlist.id()).orElseThrow(), caller.id()));
  }

  /** GET /api/me/playlists?videoKey: the caller's playlists, Watch later first. */
  public void mine(Exchange exchange) throws SQLException {
    Caller caller = caller(exchange);
    String videoKey = Replies.query(exchange, "videoKey");
    if (videoKey != null) {
      Input.videoKey(videoKey);
    }
    store.ensureWatchLater(caller.id());
    Set<String> holding =
        videoKey == null ? Set.of() : new HashSet<>(store.holding(caller.id(), videoKey));
    List<Map<String, Object>> out = new ArrayList<>();
    for (PlaylistStore.Playlist p : store.ofOwner(caller.id())) {
      Map<String, Object> item = summary(p);
      if (videoKey != null) {
        item.put("containsVideo", holding.contains(p.id()));
      }
      out.add(item);
    }
    json(exchange, 200, out);
  }

  /** GET /api/users/{handle}/playlists: a channel's public playlists. */
  public void channel(Exchange exchange) throws SQLException {
    String handle = exchange.getIn().getHeader("handle", String.class);
    handle = handle == null ? null : handle.toLowerCase(Locale.ROOT);
    if (handle == null || !Handles.isValid(handle)) {
      throw ApiException.invalidField(
          "handle", "handle must be 1 to 40 characters of a-z, 0-9 and '-'");
    }
    Long ownerId = store.channelId(handle);
    if (ownerId == null) {
      throw new ApiException(404, "not-found", "No such channel", "handle", null);
    }
    List<Map<String, Object>> out = new ArrayList<>();
    for (PlaylistStore.Playlist p : store.publicOf(ownerId)) {
      out.add(summary(p));
    }
    json(exchange, 200, out);
  }

  // --- rules -----------------------------------------------------------------------------------

  /** The playlist of the path if this caller may see it; 404 otherwise (unknown alike). */
  private PlaylistStore.Playlist visible(Exchange exchange, Long callerId) throws SQLException {
    PlaylistStore.Playlist p = store.find(id(exchange)).orElseThrow(PlaylistsApi::notFound);
    if (!Visibility.visibleTo(p.visibility(), p.ownerId(), callerId)) {
      throw notFound();
    }
    return p;
  }

  /** The playlist of the path if the caller owns it: 404 when invisible, 403 when only visible. */
  private PlaylistStore.Playlist owned(Exchange exchange, long callerId) throws SQLException {
    return ownedBy(store.find(id(exchange)).orElseThrow(PlaylistsApi::notFound), callerId);
  }

  private static PlaylistStore.Playlist ownedBy(PlaylistStore.Playlist p, long callerId) {
    if (p.ownerId() == callerId) {
      return p;
    }
    if (!Visibility.visibleTo(p.visibility(), p.ownerId(), callerId)) {
      throw notFound();
    }
    throw new ApiException(403, "not-owner", "Only the owner may change this playlist", "id", null);
  }

  // --- rendering -------------------------------------------------------------------------------

  private Map<String, Object> summary(PlaylistStore.Playlist p) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", p.id());
    out.put("title", p.title());
    out.put("description", p.description());
    out.put("visibility", p.visibility().toLowerCase(Locale.ROOT));
    out.put("watchLater", p.watchLater());
    out.put("ownerHandle", p.ownerHandle());
    out.put("ownerName", p.ownerName());
    out.put("videoCount", p.videoCount());
    out.put("createdAt", p.createdAt() == null ? null : p.createdAt().toString());
    out.put("updatedAt", p.updatedAt() == null ? null : p.updatedAt().toString());
    return out;
  }

  private Map<String, Object> view(PlaylistStore.Playlist p, Long callerId) throws SQLException {
    boolean owner = callerId != null && callerId == p.ownerId();
    List<PlaylistStore.Entry> entries = store.entries(p.id());
    List<String> shown = new ArrayList<>();
    for (PlaylistStore.Entry e : entries) {
      if (e.visibleTo(callerId) && VideoState.READY.name().equals(e.state())) {
        shown.add(e.videoKey());
      }
    }
    Map<String, Map<String, Object>> items = catalog.items(shown);
    List<Map<String, Object>> videos = new ArrayList<>();
    for (PlaylistStore.Entry e : entries) {
      Map<String, Object> item = shown.contains(e.videoKey()) ? items.get(e.videoKey()) : null;
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("position", e.position());
      if (item != null) {
        entry.putAll(item);
      } else if (owner) {
        // the owner sees that an entry became unavailable (private or processing), no more
        entry.put("videoKey", e.videoKey());
        entry.put("unavailable", true);
      } else {
        continue;
      }
      videos.add(entry);
    }
    Map<String, Object> out = summary(p);
    out.put("isOwner", owner);
    out.put("videos", videos);
    return out;
  }

  // --- input -----------------------------------------------------------------------------------

  private static String id(Exchange exchange) {
    String id = exchange.getIn().getHeader("id", String.class);
    if (!VideoKeys.isValid(id)) {
      throw notFound(); // not an id we issue: no such playlist
    }
    return id;
  }

  private static String title(String raw) {
    String title = raw.strip();
    if (title.isEmpty() || title.codePointCount(0, title.length()) > MAX_TITLE) {
      throw ApiException.invalidField("title", "title must be 1 to " + MAX_TITLE + " characters");
    }
    return Input.title("title", title);
  }

  private static String description(String raw) {
    if (raw == null) {
      return null;
    }
    if (raw.codePointCount(0, raw.length()) > MAX_DESCRIPTION) {
      throw ApiException.invalidField(
          "description", "description must be at most " + MAX_DESCRIPTION + " characters");
    }
    return Input.description("description", raw);
  }

  private static String visibility(String raw) {
    return Input.visibility("visibility", raw);
  }

  static ApiException notFound() {
    return new ApiException(404, "not-found", "No such playlist", "id", null);
  }
}
