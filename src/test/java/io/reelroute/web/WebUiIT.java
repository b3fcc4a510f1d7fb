package io.reelroute.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reelroute.testing.IntegrationTest;
import io.reelroute.testing.RawHttp;
import io.reelroute.testing.TestApp;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

@IntegrationTest
class WebUiIT {

  @Test
  void servesTheAppAtRootAndForClientRoutes(TestApp app) {
    HttpResponse<String> root = app.get("/");
    assertEquals(200, root.statusCode());
    assertEquals("text/html; charset=utf-8", root.headers().firstValue("Content-Type").orElse(""));
    assertEquals("no-cache", root.headers().firstValue("Cache-Control").orElse(""));
    assertTrue(root.body().contains("id=\"root\""), root.body());
    for (String route :
        List.of(
            "/watch/abcDEF_-123",
            "/me/videos",
            "/upload",
            "/login",
            "/subscriptions",
            "/playlists",
            "/playlist/abcDEF_-123")) {
      HttpResponse<String> page = app.get(route);
      assertEquals(200, page.statusCode(), route);
      assertEquals(root.body(), page.body(), route + " falls back to index.html");
    }
  }

  @Test
  void pagesCarryAContentSecurityPolicyThatAllowsOnlyThisServerAndTheStorage(TestApp app) {
    HttpResponse<String> root = app.get("/");
    String csp = root.headers().firstValue("Content-Security-Policy").orElse("");
    // the embedded S3 listens on its own port: presigned URLs go to that origin
    String storage =
        "http://127.0.0.1:"
            + java.net.URI.create(app.app().settings().get("reelroute.s3.endpoint")).getPort();
    assertTrue(csp.contains("default-src 'self'"), csp);
    assertTrue(csp.contains("script-src 'self';"), csp);
    assertTrue(csp.contains("connect-src 'self' " + storage), csp);
    assertTrue(csp.contains("media-src 'self' blob: " + storage), csp);
    assertTrue(csp.contains("frame-ancestors 'none'"), csp);
    assertEquals("DENY", root.headers().firstValue("X-Frame-Options").orElse(""));
    assertEquals("same-origin", root.headers().firstValue("Referrer-Policy").orElse(""));
    assertEquals("nosniff", root.headers().firstValue("X-Content-Type-Options").orElse(""));
  }

  @Test
  void onlyTheEmbeddablePlayerMayBeFramedByOtherSites(TestApp app) {
    HttpResponse<String> embed = app.get("/embed/abcdefghijk");
    assertEquals(200, embed.statusCode());
    assertTrue(embed.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
    String csp = embed.headers().firstValue("Content-Security-Policy").orElse("");
    assertTrue(csp.endsWith("frame-ancestors *"), csp);
    assertTrue(csp.contains("script-src 'self';"), "the rest of the policy holds: " + csp);
    assertTrue(embed.headers().firstValue("X-Frame-Options").isEmpty());
    // every other page still refuses to be framed
    for (String page : new String[] {"/", "/watch/abcdefghijk", "/me/account"}) {
      HttpResponse<String> other = app.get(page);
      assertEquals("DENY", other.headers().firstValue("X-Frame-Options").orElse(""), page);
    }
  }

  @Test
  void hashedAssetsAreImmutableWithTheirContentType(TestApp app) {
    String index = app.get("/").body();
    Matcher script = Pattern.compile("src=\"(/assets/[^\"]+\\.js)\"").matcher(index);
    if (!script.find()) {
      // the front end was not built before this build (mvn alone): the placeholder page is served
      assertTrue(index.contains("not built"), index);
      return;
    }
    HttpResponse<String> js = app.get(script.group(1));
    assertEquals(200, js.statusCode());
    assertEquals(
        "text/javascript; charset=utf-8", js.headers().firstValue("Content-Type").orElse(""));
    assertTrue(js.headers().firstValue("Cache-Control").orElse("").contains("immutable"));
    assertEquals("nosniff", js.headers().firstValue("X-Content-Type-Options").orElse(""));
  }

  @Test
  void apiAndObservePathsAreNotShadowedByTheUi(TestApp app) {
    HttpResponse<String> ok = app.get("/api/it-probe/ok");
    assertEquals(200, ok.statusCode());
    assertEquals("{\"ok\":true}", ok.body());
    assertEquals(200, app.get("/observe/info").statusCode());
    HttpResponse<String> unknown = app.get("/api/no-such-thing");
    assertEquals(404, unknown.statusCode());
    assertEquals(
        "application/problem+json", unknown.headers().firstValue("Content-Type").orElse(""));
    assertFalse(unknown.body().contains("id=\"root\""), "an unknown API path is not the app");
    assertEquals(404, app.get("/.well-known/nothing").statusCode());
    HttpResponse<String> post =
        app.send(
            java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(app.baseUrl() + "/api/nothing"))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}")));
    assertEquals(404, post.statusCode());
    assertEquals("application/problem+json", post.headers().firstValue("Content-Type").orElse(""));
    // the API's own routes still answer their methods
    HttpResponse<String> echo =
        app.send(
            java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(app.baseUrl() + "/api/it-probe/echo"))
                .header("Content-Type", "application/json")
                .POST(
                    java.net.http.HttpRequest.BodyPublishers.ofString(
                        "{\"text\":\"a\",\"times\":2}")));
    assertEquals(200, echo.statusCode(), echo.body());
  }

  @Test
  void traversalAndFilesOutsideTheUiAreRefused(TestApp app) {
    List<String> attacks =
        List.of(
            "/../pom.xml",
            "/assets/../../pom.xml",
            "/%2e%2e/pom.xml",
            "/%2E%2E/%2E%2E/pom.xml",
            "/%2e%2e%2fpom.xml",
            "/..%2fpom.xml",
            "/..%5cpom.xml",
            "/assets/%2e%2e%2f%2e%2e%2fapplication.properties",
            "/%252e%252e/pom.xml",
            "/pom.xml",
            "/application.properties",
            "/logback.xml",
            "/build-info.properties",
            "/git.properties",
            "/routes/web.camel.yaml",
            "/db/migration/V1__baseline.sql",
            "/io/reelroute/Application.class",
            "/web/index.html",
            "/data/db",
            "/data/s3/reelroute",
            "/src/main/resources/application.properties",
            "/frontend/package.json",
            "/.git/config",
            "/%00/pom.xml");
    for (String path : attacks) {
      RawHttp.Response response = RawHttp.get(app.baseUrl(), path);
      assertTrue(
          response.status() == 404 || response.status() == 400,
          path + " answered " + response.status() + "\n" + response.body());
      assertFalse(response.body().contains("<project"), path);
      assertFalse(response.body().contains("reelroute.role"), path);
      assertFalse(response.body().contains("CREATE TABLE"), path);
      assertFalse(response.body().contains("- route"), path);
      assertFalse(response.body().contains("\tat "), path + ": no stack trace");
    }
  }
}
