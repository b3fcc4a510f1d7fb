package io.reelroute.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reelroute.common.ApiException;
import io.reelroute.common.Json;
import io.reelroute.video.VideoKeys;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Strict request input: a JSON object whose fields have exactly the expected JSON types (no
 * coercion of "12" to 12), no unknown or duplicate fields, and text without control characters.
 * Every refusal is a 400 naming the field.
 */
public final class Input {

  public static final int MAX_TITLE = 200;
  public static final int MAX_DESCRIPTION = 5_000;
  public static final int MAX_FILE_NAME = 255;
  public static final int MAX_QUERY = 200;

  private static final ObjectReader READER =
      Json.MAPPER.reader().with(StreamReadFeature.STRICT_DUPLICATE_DETECTION);
  private static final Pattern MEDIA_TYPE =
      Pattern.compile(
          "[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,62}/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,62}");
  private static final Pattern ETAG = Pattern.compile("\"?[A-Za-z0-9_-]{1,128}\"?");

  private final ObjectNode node;

  private Input(ObjectNode node) {
    this.node = node;
  }

  /** Parses a body that must be a JSON object with only the given fields. */
  public static Input parse(String body, Set<String> allowed) {
    if (body == null || body.isBlank()) {
      throw ApiException.badRequest("missing-body", "The request needs a JSON body");
    }
    JsonNode tree;
    try {
      tree = READER.readTree(body);
    } catch (JsonProcessingException e) {
      throw ApiException.badRequest("malformed-json", "The body is not valid JSON");
    }
    if (tree == null || !tree.isObject()) {
      throw ApiException.badRequest("malformed-json", "The body must be a JSON object");
    }
    Iterator<String> names = tree.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!allowed.contains(name)) {
        throw ApiException.invalidField(safeName(name), "Unknown field '" + safeName(name) + "'");
      }
    }
    return new Input((ObjectNode) tree);
  }

  public static Input of(ObjectNode node) {
    return new Input(node);
  }

  public boolean has(String field) {
    return node.has(field) && !node.get(field).isNull();
  }

  public JsonNode node(String field) {
    return node.get(field);
  }

  /** A string field, or null when absent or JSON null (unless required). */
  public String text(String field, boolean required) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      if (required) {
        throw ApiException.invalidField(field, "Field '" + field + "' is required");
      }
      return null;
    }
    if (!value.isTextual()) {
      throw ApiException.invalidField(field, "Field '" + field + "' must be a string");
    }
    return value.textValue();
  }

  public Long integer(String field, boolean required) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      if (required) {
        throw ApiException.invalidField(field, "Field '" + field + "' is required");
      }
      return null;
    }
    if (!value.isIntegralNumber() || !value.canConvertToLong()) {
      throw ApiException.invalidField(field, "Field '" + field + "' must be a whole number");
    }
    return value.longValue();
  }

  public Boolean bool(String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isBoolean()) {
      throw ApiException.invalidField(field, "Field '" + field + "' must be true or false");
    }
    return value.booleanValue();
  }

  // --- single values ---------------------------------------------------------------------------

  /** A title: trimmed, 1..200 characters, no control characters. */
  public static String title(String field, String value) {
    String title = value.strip();
    if (title.isEmpty()) {
      throw ApiException.invalidField(field, "Field '" + field + "' must not be empty");
    }
    if (title.codePointCount(0, title.length()) > MAX_TITLE) {
      throw ApiException.invalidField(
          field, "Field '" + field + "' must be at most " + MAX_TITLE + " characters");
    }
    noControl(field, title, false);
    return title;
  }

  /** A description: up to 5,000 characters; line breaks and tabs allowed, other controls not. */
  public static String description(String field, String value) {
    if (value.codePointCount(0, value.length()) > MAX_DESCRIPTION) {
      throw ApiException.invalidField(
          field, "Field '" + field + "' must be at most " + MAX_DESCRIPTION + " characters");
    }
    noControl(field, value, true);
    return value.strip();
  }

  /** A file name as the browser reports it: a plain name, no path, no control characters. */
  public static String fileName(String field, String value) {
    String name = value.strip();
    if (name.isEmpty() || name.length() > MAX_FILE_NAME) {
      throw ApiException.invalidField(
          field, "Field '" + field + "' must be 1 to " + MAX_FILE_NAME + " characters");
    }
    noControl(field, name, false);
    if (name.contains("/") || name.contains("\\") || name.equals(".") || name.equals("..")) {
      throw ApiException.invalidField(
          field, "Field '" + field + "' must be a plain file name, without a path");
    }
    return name;
  }

  public static String mediaType(String field, String value) {
    if (!MEDIA_TYPE.matcher(value).matches()) {
      throw ApiException.invalidField(
          field, "Field '" + field + "' must be a media type such as video/mp4");
    }
    return value.toLowerCase(Locale.ROOT);
  }

  public static String visibility(String field, String value) {
    return io.reelroute.video.Visibility.parse(value)
        .map(Enum::name)
        .orElseThrow(
            () ->
                ApiException.invalidField(
                    field, "Field '" + field + "' must be public, unlisted or private"));
  }

  public static String etag(String field, String value) {
    if (!ETAG.matcher(value).matches()) {
      throw ApiException.invalidField(field, "Field '" + field + "' is not an ETag");
    }
    return value;
  }

  /** A videoKey from a path or body: exactly the 11 URL-safe characters we issue. */
  public static String videoKey(String value) {
    if (!VideoKeys.isValid(value)) {
      throw ApiException.invalidField(
          "videoKey", "videoKey must be 11 characters of A-Z, a-z, 0-9, '-' or '_'");
    }
    return value;
  }

  /** A search text for the full-text index: up to 200 characters, no control characters. */
  public static String query(String value) {
    if (value.length() > MAX_QUERY) {
      throw ApiException.invalidField("q", "q must be at most " + MAX_QUERY + " characters");
    }
    noControl("q", value, false);
    return value.strip();
  }

  public static int limit(String raw, int defaultLimit, int max) {
    if (raw == null || raw.isEmpty()) {
      return defaultLimit;
    }
    if (raw.length() > 4 || !raw.chars().allMatch(Character::isDigit)) {
      throw ApiException.invalidField("limit", "limit must be a whole number from 1 to " + max);
    }
    int limit = Integer.parseInt(raw);
    if (limit < 1 || limit > max) {
      throw ApiException.invalidField("limit", "limit must be a whole number from 1 to " + max);
    }
    return limit;
  }

  private static void noControl(String field, String value, boolean allowLineBreaks) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      boolean lineBreak = c == '\n' || c == '\r' || c == '\t';
      if ((Character.isISOControl(c) && !(allowLineBreaks && lineBreak))
          || c == '\u2028'
          || c == '\u2029'
          || (Character.isSurrogate(c) && !validSurrogate(value, i))) {
        throw ApiException.invalidField(
            field, "Field '" + field + "' must not contain control characters");
      }
    }
  }

  private static boolean validSurrogate(String value, int i) {
    char c = value.charAt(i);
    if (Character.isHighSurrogate(c)) {
      return i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1));
    }
    return i > 0 && Character.isHighSurrogate(value.charAt(i - 1));
  }

  /** A field name echoed in an answer: printable and short. */
  private static String safeName(String name) {
    String cleaned = name.replaceAll("[^A-Za-z0-9_.-]", "?");
    return cleaned.length() > 64 ? cleaned.substring(0, 64) : cleaned;
  }
}
