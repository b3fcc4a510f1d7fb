package io.reelroute.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebAssetsTest {

  final WebAssets assets =
      new WebAssets(
          Map.of(
              "/index.html", "<div id=root>".getBytes(StandardCharsets.UTF_8),
              "/assets/index-BGQFrA4t.js", "js".getBytes(StandardCharsets.UTF_8),
              "/favicon.svg", "<svg/>".getBytes(StandardCharsets.UTF_8)),
          31536000);

  WebAssets.Asset served(String path) {
    return assertInstanceOf(WebAssets.Serve.class, assets.resolve(path), path).asset();
  }

  void refused(String path) {
    assertInstanceOf(WebAssets.Refuse.class, assets.resolve(path), path);
  }

  @Test
  void servesFilesWithTypesAndCacheRules() {
    var js = served("/assets/index-BGQFrA4t.js");
    assertEquals("text/javascript; charset=utf-8", js.contentType());
    assertEquals("public, max-age=31536000, immutable", js.cache());
    var index = served("/");
    assertEquals("text/html; charset=utf-8", index.contentType());
    assertEquals("no-cache", index.cache());
    assertEquals("image/svg+xml", served("/favicon.svg").contentType());
    assertEquals("public, max-age=3600", served("/favicon.svg").cache());
    assertTrue(js.etag().startsWith("\""));
  }

  @Test
  void clientRoutesFallBackToIndex() {
    assertEquals("/index.html", served("/watch/abcDEF_-123").path());
    assertEquals("/index.html", served("/me/videos").path());
    assertEquals("/index.html", served("/upload").path());
    // video keys may start with '-' or '_'; channel pages (social)
    assertEquals("/index.html", served("/watch/-bcDEF_-123").path());
    assertEquals("/index.html", served("/watch/_bcDEF_-123").path());
    assertEquals("/index.html", served("/u/zoe-o-brien").path());
  }

  @Test
  void apiAndOperatorPathsAreNeverTheUi() {
    refused("/api");
    refused("/api/videos");
    refused("/observe/health");
    refused("/.well-known/jwks.json");
    refused("/%61pi/videos"); // encoded 'a'
  }

  @Test
  void traversalAndNonUiFilesAreRefused() {
    refused("/../pom.xml");
    refused("/assets/../../pom.xml");
    refused("/%2e%2e/pom.xml");
    refused("/%2E%2E%2Fpom.xml");
    refused("/..%2fpom.xml");
    refused("/..%5cpom.xml");
    refused("/assets/%2e%2e%2f%2e%2e%2fapplication.properties");
    refused("/pom.xml");
    refused("/application.properties");
    refused("/logback.xml");
    refused("/data/db/ibdata1");
    refused("/data/s3/reelroute/videos/x/poster.jpg");
    refused("/.git/config");
    refused("/.env");
    refused("//etc/passwd");
    refused("/assets//x.js");
    refused("/a%00.js");
    refused("/%zz");
    refused("/io/reelroute/Application.class");
    refused("/web/index.html");
    refused("relative");
  }

  @Test
  void placeholderWhenTheUiWasNotBuilt() {
    WebAssets empty = new WebAssets(Map.of(), 60);
    var index = assertInstanceOf(WebAssets.Serve.class, empty.resolve("/")).asset();
    assertTrue(new String(index.body(), StandardCharsets.UTF_8).contains("not built"));
    assertEquals(false, empty.built());
  }
}
