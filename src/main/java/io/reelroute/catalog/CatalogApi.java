package io.reelroute.catalog;

import io.reelroute.common.Json;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * The HTTP side of the upload and catalog flows: reads path, query and body from the exchange,
 * calls the services and writes the JSON answer. Refusals are ApiExceptions (problem+json).
 */
public final class CatalogApi {

  private final UploadService uploads;
  private final CatalogService catalog;

  public CatalogApi(UploadService uploads, CatalogService catalog) {
    this.uploads = uploads;
    this.catalog = catalog;
  }

  public void createUpload(Exchange exchange) throws SQLException {
    json(exchange, 201, Json.write(uploads.create(Callers.require(exchange), body(exchange))));
  }

  public void uploadParts(Exchange exchange) throws SQLException {
    json(
        exchange,
        200,
        Json.write(uploads.parts(Callers.require(exchange), key(exchange), body(exchange))));
  }

  public void completeUpload(Exchange exchange) throws SQLException {
    json(
        exchange,
        200,
        Json.write(uploads.complete(Callers.require(exchange), key(exchange), body(exchange))));
  }

  public void abortUpload(Exchange exchange) throws SQLException {
    uploads.abort(Callers.require(exchange), key(exchange));
    empty(exchange);
  }

  public void metadata(Exchange exchange) throws SQLException {
    json(exchange, 200, Json.write(catalog.metadata(Callers.require(exchange), body(exchange))));
  }

  public void patch(Exchange exchange) throws SQLException {
    json(
        exchange,
        200,
        Json.write(catalog.patch(Callers.require(exchange), key(exchange), body(exchange))));
  }

  public void list(Exchange exchange) throws SQLException {
    Message in = exchange.getIn();
    String q = query(in, "q");
    String limit = query(in, "limit");
    page(
        exchange,
        catalog.listPublic(q, query(in, "cursor"), limit),
        "/api/videos?"
            + (q == null ? "" : "q=" + URLEncoder.encode(q, StandardCharsets.UTF_8) + "&")
            + (limit == null ? "" : "limit=" + limit + "&"));
  }

  public void listMine(Exchange exchange) throws SQLException {
    Message in = exchange.getIn();
    page(
        exchange,
        catalog.listMine(Callers.require(exchange), query(in, "cursor"), query(in, "limit")),
        "/api/me/videos?"
            + (in.getHeader("limit") == null ? "" : "limit=" + in.getHeader("limit") + "&"));
  }

  public void view(Exchange exchange) throws SQLException {
    json(exchange, 200, catalog.view(Callers.optional(exchange), key(exchange)));
  }

  public void delete(Exchange exchange) throws SQLException {
    catalog.delete(Callers.require(exchange), key(exchange));
    empty(exchange);
  }

  /** A step of the account-deletion flow (routes/account.camel.yaml): every video of the caller. */
  public void deleteAllMine(Exchange exchange) throws SQLException {
    catalog.deleteAll(Callers.require(exchange));
  }

  private static String key(Exchange exchange) {
    return Input.videoKey(exchange.getIn().getHeader("videoKey", String.class));
  }

  private static String body(Exchange exchange) {
    return exchange.getIn().getBody(String.class);
  }

  private static String query(Message in, String name) {
    Object value = in.getHeader(name);
    if (value instanceof java.util.List<?> list) {
      // a repeated parameter is ambiguous: refuse it rather than guess
      throw io.reelroute.common.ApiException.invalidField(name, name + " must be given once");
    }
    return value == null ? null : value.toString();
  }

  private static void page(Exchange exchange, CatalogService.Page page, String path) {
    json(exchange, 200, page.json());
    if (page.nextCursor() != null) {
      Message out = exchange.getMessage();
      out.setHeader("X-Next-Cursor", page.nextCursor());
      out.setHeader("Link", "<" + path + "cursor=" + page.nextCursor() + ">; rel=\"next\"");
    }
  }

  static void json(Exchange exchange, int status, String body) {
    Message out = exchange.getMessage();
    out.removeHeaders("*");
    out.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
    out.setHeader(Exchange.CONTENT_TYPE, "application/json");
    out.setHeader("Cache-Control", "no-store");
    out.setBody(body);
  }

  private static void empty(Exchange exchange) {
    Message out = exchange.getMessage();
    out.removeHeaders("*");
    out.setHeader(Exchange.HTTP_RESPONSE_CODE, 204);
    out.setBody(null);
  }
}
