package io.reelroute.web;

import io.reelroute.common.ApiException;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/** Bean {@code webUi}: serves the built web UI at '/', with index.html for client routes. */
public final class WebUi {

  private final WebAssets assets;
  private final java.util.Map<String, String> pageHeaders;
  private final java.util.Map<String, String> embedHeaders;

  /**
   * {@code pageHeaders} go with every page; {@code embedHeaders} with the embeddable player
   * (/embed/…), which other sites may frame.
   */
  public WebUi(
      WebAssets assets,
      java.util.Map<String, String> pageHeaders,
      java.util.Map<String, String> embedHeaders) {
    this.assets = assets;
    this.pageHeaders = pageHeaders;
    this.embedHeaders = embedHeaders;
  }

  public void serve(Exchange exchange) {
    Message in = exchange.getMessage();
    String uri = in.getHeader(Exchange.HTTP_URI, String.class);
    if (uri == null) {
      uri = in.getHeader(Exchange.HTTP_PATH, "/", String.class);
    }
    String rawPath = io.reelroute.common.RequestTargets.rawPath(uri);
    String method = in.getHeader(Exchange.HTTP_METHOD, "GET", String.class);
    if (!method.equals("GET") && !method.equals("HEAD")) {
      throw ApiException.notFound("There is no such endpoint");
    }
    WebAssets.Outcome outcome = assets.resolve(rawPath);
    if (!(outcome instanceof WebAssets.Serve serve)) {
      throw ApiException.notFound("There is nothing at this address");
    }
    WebAssets.Asset asset = serve.asset();
    String ifNoneMatch = in.getHeader("If-None-Match", String.class);
    in.removeHeaders("*");
    in.setHeader(Exchange.CONTENT_TYPE, asset.contentType());
    in.setHeader("Cache-Control", asset.cache());
    in.setHeader("ETag", asset.etag());
    (rawPath.startsWith("/embed/") ? embedHeaders : pageHeaders).forEach(in::setHeader);
    if (asset.etag().equals(ifNoneMatch)) {
      in.setHeader(Exchange.HTTP_RESPONSE_CODE, 304);
      in.setBody(null);
      return;
    }
    in.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
    in.setBody(asset.body());
  }
}
