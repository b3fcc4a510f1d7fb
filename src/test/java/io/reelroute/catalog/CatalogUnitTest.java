package io.reelroute.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reelroute.common.ApiException;
import io.reelroute.config.Settings;
import io.reelroute.config.SettingsException;
import io.reelroute.video.VideoKeys;
import java.time.LocalDateTime;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Pure logic of the catalog: keys, cursors, input rules, search expressions, settings. */
class CatalogUnitTest {

  @Test
  void videoKeysAreElevenUrlSafeCharactersAndUnique() {
    Set<String> keys = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      String key = VideoKeys.generate();
      assertTrue(VideoKeys.isValid(key), key);
      keys.add(key);
    }
    assertEquals(10_000, keys.size());
    for (String bad :
        new String[] {
          "../../etc/p", "abc/def/ghi", "short", "abcdefghijkl", "abc def ghi", "abcdefghij%", null
        }) {
      assertFalse(VideoKeys.isValid(bad), String.valueOf(bad));
    }
    assertEquals("uploads/AbCdEfGhIjK/source", VideoKeys.sourceKey("AbCdEfGhIjK"));
  }

  @Test
  void cursorsRoundTripAndForeignOnesAre400() {
    Cursor cursor = new Cursor(LocalDateTime.of(2026, 1, 2, 3, 4, 5), "AbCdEfGhIjK");
    assertEquals(cursor, Cursor.decode(cursor.encode()));
    assertNull(Cursor.decode(null));
    for (String bad :
        new String[] {
          "x", "!!!!", "YWJj", "a".repeat(100), "MjAyNi0wMS0wMlQwMzowNDowNXwuLi8uLi8uLg"
        }) {
      ApiException e = assertThrows(ApiException.class, () -> Cursor.decode(bad), bad);
      assertEquals("cursor", e.field());
    }
  }

  @Test
  void textRules() {
    assertEquals("Hello", Input.title("displayName", "  Hello "));
    assertEquals(
        "displayName",
        assertThrows(ApiException.class, () -> Input.title("displayName", " ")).field());
    assertThrows(ApiException.class, () -> Input.title("displayName", "x".repeat(201)));
    assertEquals(200, Input.title("displayName", "😀".repeat(200)).codePointCount(0, 400));
    assertThrows(ApiException.class, () -> Input.title("displayName", "a\u0000b"));
    assertThrows(ApiException.class, () -> Input.title("displayName", "a\nb"));
    assertEquals("line\nbreak", Input.description("description", "line\nbreak"));
    assertThrows(ApiException.class, () -> Input.description("description", "bell\u0007"));
    assertThrows(ApiException.class, () -> Input.description("description", "x".repeat(5001)));
    assertThrows(
        ApiException.class, () -> Input.description("description", "lone \uD800 surrogate"));
    for (String bad : new String[] {"../x.mp4", "a/b.mp4", "a\\b.mp4", "..", ".", "", "a\tb.mp4"}) {
      assertEquals(
          "fileName",
          assertThrows(ApiException.class, () -> Input.fileName("fileName", bad)).field(),
          bad);
    }
    assertEquals("holiday 2024.MP4", Input.fileName("fileName", "holiday 2024.MP4"));
    assertEquals("video/mp4", Input.mediaType("contentType", "Video/MP4"));
    assertThrows(ApiException.class, () -> Input.mediaType("contentType", "video/mp4; x=y"));
    assertThrows(ApiException.class, () -> Input.mediaType("contentType", "video"));
    assertEquals("UNLISTED", Input.visibility("visibility", "unlisted"));
    assertThrows(ApiException.class, () -> Input.visibility("visibility", "secret"));
    assertEquals(20, Input.limit(null, 20, 100));
    assertEquals(100, Input.limit("100", 20, 100));
    for (String bad : new String[] {"0", "101", "-1", "1e2", "abc", "99999999999"}) {
      assertEquals(
          "limit", assertThrows(ApiException.class, () -> Input.limit(bad, 20, 100)).field());
    }
  }

  @Test
  void strictBodies() {
    Set<String> fields = Set.of("a", "n");
    assertEquals(
        "malformed-json", assertThrows(ApiException.class, () -> Input.parse("{", fields)).code());
    assertEquals(
        "malformed-json",
        assertThrows(ApiException.class, () -> Input.parse("[1]", fields)).code());
    assertEquals(
        "missing-body", assertThrows(ApiException.class, () -> Input.parse(" ", fields)).code());
    assertEquals(
        "zz", assertThrows(ApiException.class, () -> Input.parse("{\"zz\":1}", fields)).field());
    assertEquals(
        "malformed-json",
        assertThrows(ApiException.class, () -> Input.parse("{\"a\":1,\"a\":2}", fields)).code());
    Input in = Input.parse("{\"a\":\"12\",\"n\":\"12\"}", fields);
    assertEquals("n", assertThrows(ApiException.class, () -> in.integer("n", true)).field());
    assertEquals("12", in.text("a", true));
    Input numbers = Input.parse("{\"a\":12,\"n\":1.5}", fields);
    assertEquals("a", assertThrows(ApiException.class, () -> numbers.text("a", true)).field());
    assertEquals("n", assertThrows(ApiException.class, () -> numbers.integer("n", true)).field());
    assertEquals(
        "n",
        assertThrows(
                ApiException.class,
                () -> Input.parse("{\"n\":99999999999999999999999}", fields).integer("n", true))
            .field());
  }

  @Test
  void searchExpressionsKeepOnlyWords() {
    assertEquals("+cats* +dogs*", SearchText.fullText("cats & dogs"));
    assertEquals("+DROP* +TABLE* +videos*", SearchText.fullText("'; DROP TABLE videos; --"));
    assertNull(SearchText.fullText("+-<>()~*\"@"));
    assertEquals("+Größe* +日本*", SearchText.fullText("Größe 日本"));
    assertEquals(8, SearchText.fullText("a b c d e f g h i j k").split(" ").length);
  }

  @Test
  void excerptsAndTitles() {
    assertEquals("short", SearchText.excerpt("short"));
    String longText = "x".repeat(300);
    assertEquals("x".repeat(200) + "…", SearchText.excerpt(longText));
    assertEquals("holiday", UploadService.defaultTitle("holiday.mp4"));
    assertEquals(".hidden", UploadService.defaultTitle(".hidden"));
  }

  @Test
  void settingsHaveSafeDefaultsAndBounds() {
    CatalogSettings s = CatalogSettings.from(Settings.load(Map.of()));
    assertEquals(512L * 1024 * 1024, s.singlePutMaxBytes());
    assertEquals(10L * 1024 * 1024 * 1024, s.maxBytes());
    assertTrue(s.uploadUrlExpiry().toSeconds() <= 900);
    assertTrue(s.downloadUrlExpiry().toSeconds() <= 3600);
    assertTrue(
        s.allows("video/mp4") && s.allows("video/x-matroska") && s.allows("application/mp4"));
    assertFalse(
        s.allows("image/png") || s.allows("application/x-msdownload") || s.allows("videos/mp4"));
    assertEquals(s.partSizeBytes(), s.partSizeFor(100));
    assertTrue(
        s.partSizeFor(10L * 1024 * 1024 * 1024 * 1024) * 10_000 >= 10L * 1024 * 1024 * 1024 * 1024);
    for (var bad :
        Map.of(
                "reelroute.upload.url-expiry-seconds", "901",
                "reelroute.catalog.download-url-expiry-seconds", "3601",
                "reelroute.upload.part-size-bytes", "1000",
                "reelroute.catalog.max-page-size", "500",
                "reelroute.upload.max-bytes", "-1")
            .entrySet()) {
      SettingsException e =
          assertThrows(
              SettingsException.class,
              () -> CatalogSettings.from(Settings.load(Map.of(bad.getKey(), bad.getValue()))));
      assertTrue(e.getMessage().startsWith("reelroute."), e.getMessage());
    }
  }
}
