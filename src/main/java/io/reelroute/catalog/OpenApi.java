package io.reelroute.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.camel.Exchange;

/** Serves the hand-written OpenAPI 3.1 document of the HTTP API (openapi/reelroute.json). */
public final class OpenApi {

  public static final String RESOURCE = "/openapi/reelroute.json";
  private final String document;

  public OpenApi() {
    try (InputStream in = OpenApi.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the class path");
      }
      document = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public void serve(Exchange exchange) {
    CatalogApi.json(exchange, 200, document);
    exchange.getMessage().setHeader("Cache-Control", "public, max-age=300");
  }

  public String document() {
    return document;
  }
}
